/** The archive by quarter: everything ever disclosed to this device (工作制度 五). */

import { t } from '../../i18n/index.ts';
import { useArchive } from '../../shell/content-hooks.ts';
import { navigate } from '../../shell/router.ts';
import { useOpenSearch } from '../../shell/search-hooks.ts';
import { formatDate } from '../shared/format.ts';

export default function ArchiveScreen() {
  const groups = useArchive();
  const openSearch = useOpenSearch();
  return (
    <section class="archive" aria-labelledby="h-archive">
      <h2 id="h-archive">{t('archive')}</h2>
      <p class="muted">{t('archiveHint')}</p>
      <button type="button" class="secondary" onClick={() => openSearch('archive')}>
        {t('searchArchive')}
      </button>
      {groups === undefined ? (
        <div class="loading" />
      ) : groups.length === 0 ? (
        <p class="empty">{t('empty')}</p>
      ) : (
        groups.map(([quarter, entries]) => (
          <details key={quarter} open={quarter === groups[0]![0]}>
            <summary>
              {t('quarter', { year: quarter.slice(0, 4), q: quarter.slice(-1) })} · {t('itemsCount', { n: entries.length })}
            </summary>
            <ul class="item-list">
              {entries.map((e) => (
                <li key={`${e.id}@${e.rev}`}>
                  <button type="button" class="item-card" onClick={() => navigate(`/k/item/${e.id}/${e.rev}`)}>
                    <span class="item-title">{e.title}</span>
                    <span class="item-meta">
                      <span class={`tag state-${e.state}`}>{t(`state_${e.state}`)}</span>
                      <span>{e.department}</span>
                      <span>{formatDate(e.publishedAt)}</span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </details>
        ))
      )}
    </section>
  );
}
