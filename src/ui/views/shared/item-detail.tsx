/** One item in full, for the kiosk and for the phone: facts, approval, body, attachments. */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { categoryById } from '../../../contract/catalogue.ts';
import { chinaDate } from '../../../contract/china-time.ts';
import type { Approval, Attachment, Item, ResultItem } from '../../../contract/feed.ts';
import { getLocale, t } from '../../i18n/index.ts';
import { lazyScreen } from '../../shell/lazy.tsx';
import { navigate } from '../../shell/router.ts';
import { useDialogFocus } from './dialog-focus.ts';
import { formatBytes, formatDate, formatDateTime } from './format.ts';
import { kindLabel } from './item-card.tsx';
import { sanitizeLinks } from './safe-html.tsx';

const ResultCharts = lazyScreen<{ result: ResultItem['result'] }>(() =>
  import('../survey/result-charts.tsx').then((m) => ({ default: m.ResultCharts })),
);

function Facts({ item }: { item: Item }) {
  if (item.kind === 'notice') {
    const n = item.notice;
    return (
      <section class={`facts notice-${n.type}`} aria-label={t(`noticeType_${n.type}`)}>
        <p class="period">{t('noticePeriod', { from: formatDate(n.periodStart), to: formatDate(n.periodEnd) })}</p>
        <h3>{t('noticeBasis')}</h3>
        <dl>
          <dt>{t('noticeCause')}</dt>
          <dd>{n.basis.cause}</dd>
          <dt>{t('noticeTime')}</dt>
          <dd>{n.basis.time}</dd>
          <dt>{t('noticePlace')}</dt>
          <dd>{n.basis.place}</dd>
          <dt>{t('noticeScope')}</dt>
          <dd>{n.basis.scope}</dd>
        </dl>
        <h3>{t('noticeImpact')}</h3>
        <p>{n.impact}</p>
        <h3>{t('noticeMeasures')}</h3>
        <p>{n.measures}</p>
        {n.annex && (
          <>
            <h3>{t('noticeAnnex')}</h3>
            <p>{n.annex}</p>
          </>
        )}
      </section>
    );
  }
  if (item.kind === 'hearing') {
    const h = item.hearing;
    return (
      <section class="facts hearing" aria-label={t('hearing')}>
        <dl>
          <dt>{t('hearingMatter')}</dt>
          <dd>{h.matter}</dd>
          <dt>{t('hearingTime')}</dt>
          <dd>{formatDateTime(h.startsAt)}</dd>
          <dt>{t('hearingPlace')}</dt>
          <dd>{h.place}</dd>
          <dt>{t('hearingJoin')}</dt>
          <dd>{h.howToJoin}</dd>
        </dl>
        <p class="muted">{t('hearingNotice', { date: formatDate(h.noticeDate) })}</p>
        {h.record && <HearingRecordView record={h.record} />}
      </section>
    );
  }
  if (item.kind === 'questionnaire') {
    const q = item.questionnaire;
    const phone = location.pathname.startsWith('/m/');
    return (
      <section class="facts" aria-label={t('questionnaire')}>
        <p class="period">{t('surveyPeriod', { from: formatDate(q.opensOn), to: formatDate(q.closesOn) })}</p>
        <button type="button" class="primary" onClick={() => navigate(`/${phone ? 'm' : 'k'}/survey/${item.id}`)}>
          {t('answerSurvey')}
        </button>
      </section>
    );
  }
  if (item.kind === 'result') return <ResultCharts result={item.result} />;
  return null;
}

/** 听证笔录 and 纪要 (听证制度 第七条、第十一条) and the 办理结果 linked to its notice (第十三条). */
function HearingRecordView({ record: r }: { record: NonNullable<Extract<Item, { kind: 'hearing' }>['hearing']['record']> }) {
  const phone = location.pathname.startsWith('/m/');
  return (
    <section class="hearing-record" aria-labelledby="h-hearing-record" data-testid="hearing-record">
      <h3 id="h-hearing-record">{t('hearingRecord')}</h3>
      <p class="muted">{t('hearingHeld', { time: formatDateTime(r.heldAt) })}</p>
      <dl>
        <dt>{t('hearingChair')}</dt>
        <dd>{r.chair}</dd>
        <dt>{t('hearingRecorder')}</dt>
        <dd>{r.recorder}</dd>
        <dt>{t('hearingMinutes')}</dt>
        <dd class="pre">{r.minutes}</dd>
      </dl>
      {!r.agreed && <p class="banner warn">{t('hearingNotAgreed')}</p>}
      {r.outcome && (
        <>
          <h3>{t('hearingOutcome')}</h3>
          <p class="pre">{r.outcome.text}</p>
          {r.outcome.item && (
            <button type="button" onClick={() => navigate(`/${phone ? 'm/item' : 'k/item'}/${r.outcome?.item}`)}>
              {t('hearingOutcomeOpen')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** 告示制度 第七条: a 决策类 notice asks for opinions through its period (China dates). */
export function takesNoticeOpinions(item: Item, now = Date.now()): boolean {
  if (item.kind !== 'notice' || item.notice.type !== 'decision') return false;
  const today = chinaDate(now);
  return today >= item.notice.periodStart && today <= item.notice.periodEnd;
}

/**
 * 预审 and 签发. `verified`: the names and times come from the people's own signatures,
 * checked on this device against the office's roster (docs/feed.md), and say so.
 */
export function ApprovalLine({ approval }: { approval?: Approval & { verified?: true } }) {
  return (
    <div class="approval">
      <span class="approved">✔ {t('approved')}</span>
      {approval && (
        <>
          <span class="muted">{t('preReviewBy', { by: approval.preReview.by, at: formatDate(approval.preReview.at) })}</span>
          <span class="muted">{t('signOffBy', { by: approval.signOff.by, at: formatDate(approval.signOff.at) })}</span>
          {approval.verified && <span class="verified">{t('signaturesVerified')}</span>}
        </>
      )}
    </div>
  );
}

/** Shows an attachment only once `resolve` has a checked copy for it. */
function AttachmentView({ a, resolve }: { a: Attachment; resolve: (a: Attachment) => Promise<string | undefined> }) {
  const [url, setUrl] = useState<string | null>();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    void resolve(a).then((u) => setUrl(u ?? null));
  }, [a, resolve]);
  return (
    <li class="attachment">
      <button type="button" disabled={!url} onClick={() => setOpen(true)}>
        📎 {a.name} <span class="muted">({formatBytes(a.bytes)})</span>
        {url === null && <span class="muted"> · {t('attachmentMissing')}</span>}
      </button>
      {open && url && <AttachmentViewer a={a} url={url} onClose={() => setOpen(false)} />}
    </li>
  );
}

function AttachmentViewer({ a, url, onClose }: { a: Attachment; url: string; onClose: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  useDialogFocus(box, onClose);
  return (
    <div ref={box} class="overlay" role="dialog" aria-modal="true" aria-label={a.name}>
      <div class="overlay-body">
        {a.type === 'application/pdf' ? (
          // No viewer toolbar: it offers download and print, a way off a public screen.
          <iframe src={`${url}#toolbar=0&navpanes=0`} title={a.name} />
        ) : (
          <img src={url} alt={a.name} />
        )}
      </div>
      <button type="button" class="overlay-close" onClick={onClose}>
        {t('close')}
      </button>
    </div>
  );
}

/** Addresses from the body as text (a phone); the kiosk shows them as QR codes instead. */
function LinkList({ links }: { links: string[] }) {
  return (
    <ol class="link-list">
      {links.map((href) => (
        <li key={href}>{href}</li>
      ))}
    </ol>
  );
}

export function ItemDetail({
  item,
  approval,
  resolveAttachment,
  renderLinks = (links) => <LinkList links={links} />,
  tools,
}: {
  item: Item;
  approval?: Approval;
  resolveAttachment: (a: Attachment) => Promise<string | undefined>;
  /** How the body's web addresses are shown (they are never live links). */
  renderLinks?: (links: string[]) => ComponentChildren;
  /** Shown under the heading (the kiosk's 朗读 button). */
  tools?: ComponentChildren;
}) {
  const category = categoryById(item.category);
  const body = useMemo(() => sanitizeLinks(item.bodyHtml), [item.bodyHtml]);
  const emergency = item.kind === 'notice' && item.notice.type === 'emergency';
  return (
    <article class={`item-detail${emergency ? ' emergency' : ''}`}>
      <p class="kind">
        <span class="tag">{kindLabel(item)}</span>
        {category && <span class="muted">{getLocale() === 'en' ? category.en : category.zh}</span>}
        {item.channel === 'internal' && <span class="tag">{t('channel_internal')}</span>}
      </p>
      <h2 class="item-heading">{item.title}</h2>
      {tools}
      <dl class="meta">
        <dt>{t('department')}</dt>
        <dd>{item.department}</dd>
        <dt>{t('published')}</dt>
        <dd>{formatDate(item.publishedAt)}</dd>
        {item.validUntil && (
          <>
            <dt>{t('validUntil', { date: '' })}</dt>
            <dd>{formatDate(item.validUntil)}</dd>
          </>
        )}
      </dl>
      <ApprovalLine {...(approval ? { approval } : {})} />
      <Facts item={item} />
      {/* Sanitized by sanitizeLinks (DOMPurify), links taken out. */}
      <div class="body" dangerouslySetInnerHTML={{ __html: body.html }} />
      {body.links.length > 0 && (
        <section class="links" aria-label={t('linksHeading')}>
          <h3>{t('linksHeading')}</h3>
          {renderLinks(body.links)}
        </section>
      )}
      {item.attachments.length > 0 && (
        <section aria-label={t('attachments')}>
          <h3>{t('attachments')}</h3>
          <ul class="attachments">
            {item.attachments.map((a) => (
              <AttachmentView key={a.sha256} a={a} resolve={resolveAttachment} />
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}
