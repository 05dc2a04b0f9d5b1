/** One tap away on every screen: age-friendly mode (适老模式), text size, language. */

import { t } from '../../i18n/index.ts';
import { setPrefs, TEXT_SIZES, usePrefs } from '../../shell/prefs.ts';

export function DisplayTools() {
  const prefs = usePrefs();
  const other = prefs.locale === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <section class="display-tools" aria-label={t('displayTools')}>
      <button type="button" class="tool elder-toggle" aria-pressed={prefs.elder} onClick={() => setPrefs({ elder: !prefs.elder })}>
        <span class="tool-icon" aria-hidden="true">
          {prefs.elder ? '☑' : '☐'}
        </span>
        {t('elderMode')}
      </button>
      {/* biome-ignore lint/a11y/useSemanticElements: a group of toggle buttons, not a fieldset of form fields */}
      <div class="tool-group" role="group" aria-label={t('textSize')}>
        <span class="tool-label" aria-hidden="true">
          {t('textSize')}
        </span>
        {TEXT_SIZES.map((size) => (
          <button
            key={size}
            type="button"
            class={`tool size-${size}`}
            aria-pressed={prefs.size === size}
            onClick={() => setPrefs({ size })}
          >
            {t(`size_${size}`)}
          </button>
        ))}
      </div>
      <button type="button" class="tool locale-toggle" lang={other} onClick={() => setPrefs({ locale: other })}>
        {t('otherLocale')}
      </button>
    </section>
  );
}
