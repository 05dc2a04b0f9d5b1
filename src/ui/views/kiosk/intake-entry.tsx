/** The way in to complaints, inquiries and tracking from the kiosk's home screen. */

import { t } from '../../i18n/index.ts';
import { navigate } from '../../shell/router.ts';
import { useApp } from '../../shell/sync-hooks.ts';

export function IntakeEntry() {
  const { config } = useApp();
  if (!config.intake || config.mode !== 'kiosk') return null;
  const tiles = [
    ['/k/complaint', t('intakeComplain'), t('intakeComplainHint')],
    ['/k/inquiry', t('intakeInquire'), t('intakeInquireHint')],
    ['/k/track', t('intakeTrack'), t('intakeTrackHint')],
  ] as const;
  return (
    <section aria-labelledby="h-intake" class="intake-entry">
      <h2 id="h-intake">{t('intakeHeading')}</h2>
      <ul class="tiles intake-tiles">
        {tiles.map(([path, name, hint]) => (
          <li key={path}>
            <button type="button" class="tile intake-tile" onClick={() => navigate(path)}>
              <span class="tile-name">{name}</span>
              <span class="tile-count">{hint}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
