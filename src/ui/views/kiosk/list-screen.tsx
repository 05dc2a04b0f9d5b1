/** All current items of one catalogue category. */

import { categoryById } from '../../../contract/catalogue.ts';
import { getLocale, t } from '../../i18n/index.ts';
import { useCurrentItems } from '../../shell/content-hooks.ts';
import { ItemCard } from '../shared/item-card.tsx';

export default function ListScreen({ filter }: { filter: string }) {
  const category = categoryById(filter);
  const items = useCurrentItems(filter);
  return (
    <section class="list" aria-labelledby="h-list">
      <h2 id="h-list">{category ? (getLocale() === 'en' ? category.en : category.zh) : filter}</h2>
      {items === undefined ? (
        <div class="loading" />
      ) : items.length === 0 ? (
        <p class="empty">{t('empty')}</p>
      ) : (
        <ul class="item-list">
          {items.map((i) => (
            <ItemCard key={i.id} item={i} />
          ))}
        </ul>
      )}
    </section>
  );
}
