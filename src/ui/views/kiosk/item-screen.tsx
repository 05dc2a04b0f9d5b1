/** An item on the kiosk, with a QR code to read it on a phone. */
import { useRef } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { useAttachmentResolver, useItem } from '../../shell/content-hooks.ts';
import { navigate } from '../../shell/router.ts';
import { formatDate } from '../shared/format.ts';
import { ItemDetail, takesNoticeOpinions } from '../shared/item-detail.tsx';
import { QrCode } from '../shared/qr-code.tsx';
import { ReadAloud } from './read-aloud.tsx';

export default function ItemScreen({ id, rev }: { id: string; rev?: number }) {
  const view = useItem(id, rev);
  const resolve = useAttachmentResolver();
  const article = useRef<HTMLDivElement>(null);
  if (!view) return <p class="empty">{t('notFound')}</p>;
  const { item } = view;
  return (
    <div class="item-screen">
      {view.withdrawn && (
        <p class="banner warn" role="status">
          {t('withdrawnItem', { date: formatDate(view.withdrawn.at), reason: view.withdrawn.reason })}
        </p>
      )}
      {!view.withdrawn && view.superseded && (
        <p class="banner" role="status">
          {t('supersededItem')}{' '}
          <button type="button" class="link" onClick={() => navigate(`/k/item/${id}`)}>
            {t('viewCurrent')}
          </button>
        </p>
      )}
      {!view.withdrawn && !view.superseded && !view.current && (
        <p class="banner" role="status">
          {t('expiredItem')}
        </p>
      )}
      <div class="item-layout">
        <div ref={article}>
          <ItemDetail
            item={item}
            approval={view.approval}
            resolveAttachment={resolve}
            tools={<ReadAloud target={article} />}
            renderLinks={(links) => (
              <ol class="link-qrs">
                {links.map((href, i) => (
                  <li key={href}>
                    <QrCode text={href} label={`[${i + 1}] ${href}`} size={200} />
                  </li>
                ))}
              </ol>
            )}
          />
        </div>
        {!view.withdrawn && (
          <aside class="item-aside">
            {/* 内外有别: an internal item has no public phone page; its QR would lead nowhere but to a refusal. */}
            {item.channel === 'public' && <QrCode text={new URL(`/m/item/${item.id}`, location.origin).href} label={t('scanToPhone')} />}
            {/* 听证制度 第九条: opinions are taken until the hearing starts. */}
            {item.kind === 'hearing' && view.current && Date.now() < Date.parse(item.hearing.startsAt) && (
              <button type="button" class="primary" onClick={() => navigate(`/k/opinion/${item.id}`)}>
                {t('hearingOpinion')}
              </button>
            )}
            {view.current && takesNoticeOpinions(item) && (
              <button type="button" class="primary" onClick={() => navigate(`/k/opinion/${item.id}`)}>
                {t('noticeOpinion')}
              </button>
            )}
          </aside>
        )}
      </div>
    </div>
  );
}
