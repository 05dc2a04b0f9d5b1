/** Home: the catalogue with counts, notices in their period, upcoming hearings, the latest items. */

import { CATEGORIES } from '../../../contract/catalogue.ts';
import { getLocale, t } from '../../i18n/index.ts';
import { useCurrentItems } from '../../shell/content-hooks.ts';
import { navigate } from '../../shell/router.ts';
import { useApp } from '../../shell/sync-hooks.ts';
import { ItemCard } from '../shared/item-card.tsx';
import { IntakeEntry } from './intake-entry.tsx';

export function Home() {
  const { config } = useApp();
  const items = useCurrentItems();
  if (!items) return <div class="loading" />;
  if (items.length === 0) return <p class="empty-device">{t('emptyDevice')}</p>;
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i.category, (counts.get(i.category) ?? 0) + 1);
  const notices = items
    .filter((i) => i.kind === 'notice')
    .sort(
      (a, b) => Number(b.kind === 'notice' && b.notice.type === 'emergency') - Number(a.kind === 'notice' && a.notice.type === 'emergency'),
    );
  const hearings = items.filter((i) => i.kind === 'hearing');
  const latest = items.filter((i) => i.kind === 'disclosure').slice(0, 6);
  // 群众评议: open questionnaires first, then published results (《政务公开评议制度》第四、六条).
  const surveys = items
    .filter((i) => i.kind === 'questionnaire' || i.kind === 'result')
    .sort((a, b) => Number(b.kind === 'questionnaire') - Number(a.kind === 'questionnaire'));
  const en = getLocale() === 'en';
  return (
    <div class="home">
      {notices.length > 0 && (
        <section aria-labelledby="h-notices">
          <h2 id="h-notices">{t('noticesInPeriod')}</h2>
          <ul class="item-list">
            {notices.map((i) => (
              <ItemCard key={i.id} item={i} />
            ))}
          </ul>
        </section>
      )}
      {hearings.length > 0 && (
        <section aria-labelledby="h-hearings">
          <h2 id="h-hearings">{t('upcomingHearings')}</h2>
          <ul class="item-list">
            {hearings.map((i) => (
              <ItemCard key={i.id} item={i} />
            ))}
          </ul>
        </section>
      )}
      <IntakeEntry />
      {surveys.length > 0 && (
        <section aria-labelledby="h-surveys">
          <h2 id="h-surveys">{t('surveys')}</h2>
          <ul class="item-list">
            {surveys.map((i) => (
              <ItemCard key={i.id} item={i} />
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="h-catalogue">
        <h2 id="h-catalogue">{t('catalogue')}</h2>
        <ul class="tiles">
          {CATEGORIES.filter((c) => config.channels.includes(c.channel)).map((c) => (
            <li key={c.id}>
              <button type="button" class="tile" onClick={() => navigate(`/k/list/${c.id}`)}>
                <span class="tile-name">{en ? c.en : c.zh}</span>
                <span class="tile-count">{t('itemsCount', { n: counts.get(c.id) ?? 0 })}</span>
                {c.channel === 'internal' && <span class="tag">{t('channel_internal')}</span>}
              </button>
            </li>
          ))}
        </ul>
      </section>
      {latest.length > 0 && (
        <section aria-labelledby="h-latest">
          <h2 id="h-latest">{t('latest')}</h2>
          <ul class="item-list">
            {latest.map((i) => (
              <ItemCard key={i.id} item={i} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
