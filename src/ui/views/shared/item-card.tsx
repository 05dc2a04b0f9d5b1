/** One line in a list: title, department, date, and what kind of item it is. */

import { CADENCE_ZH } from '../../../contract/catalogue.ts';
import type { Item } from '../../../contract/feed.ts';
import { getLocale, type MessageKey, t } from '../../i18n/index.ts';
import { navigate } from '../../shell/router.ts';
import { formatDate } from './format.ts';

export function kindLabel(item: Item): string {
  if (item.kind === 'notice') return t(`noticeType_${item.notice.type}`);
  if (item.kind === 'hearing') return t('hearing');
  if (item.kind === 'questionnaire' || item.kind === 'result') return t(item.kind);
  return getLocale() === 'en' ? t(`cadence_${item.cadence.replace('-', '_')}` as MessageKey) : CADENCE_ZH[item.cadence];
}

export function ItemCard({ item }: { item: Item }) {
  const emergency = item.kind === 'notice' && item.notice.type === 'emergency';
  return (
    <li>
      <button
        type="button"
        class={`item-card${emergency ? ' emergency' : ''}`}
        onClick={() => navigate(`/k/${item.kind === 'questionnaire' ? 'survey' : 'item'}/${item.id}`)}
      >
        <span class="item-title">{item.title}</span>
        <span class="item-meta">
          <span class="tag">{kindLabel(item)}</span>
          <span>{item.department}</span>
          <span>{formatDate(item.publishedAt)}</span>
        </span>
      </button>
    </li>
  );
}
