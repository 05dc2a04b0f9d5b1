/**
 * /m/item/ID: one item on a citizen's phone, fetched alone (no feed sync on
 * mobile data) and verified against the trusted keys like everything else.
 */

import { useCallback } from 'preact/hooks';
import type { Attachment, UpsertChange } from '../../../contract/feed.ts';
import { sha256Hex } from '../../../contract/signing.ts';
import { t } from '../../i18n/index.ts';
import { useFeedBase, useSignedChange } from '../../shell/feed-hooks.ts';
import { navigate } from '../../shell/router.ts';
import { formatDate } from '../shared/format.ts';
import { ItemDetail, takesNoticeOpinions } from '../shared/item-detail.tsx';
import { PhoneFrame } from './phone-frame.tsx';

const FAILURE = { offline: 'phoneOffline', missing: 'notFound', unverified: 'phoneVerifyFailed' } as const;

type State =
  | { kind: 'loading' }
  | { kind: 'item'; change: UpsertChange }
  | { kind: 'withdrawn'; at: string; reason: string }
  | { kind: 'error'; message: string };

export default function PhoneItem({ id }: { id: string }) {
  const base = useFeedBase();
  const got = useSignedChange(id);
  const state: State = !got
    ? { kind: 'loading' }
    : !got.ok
      ? { kind: 'error', message: t(FAILURE[got.reason]) }
      : got.change.op === 'withdraw'
        ? { kind: 'withdrawn', at: got.change.at, reason: got.change.reason }
        : { kind: 'item', change: got.change };

  // Attachments are checked against their signed hash before they are shown.
  const resolve = useCallback(
    async (a: Attachment) => {
      try {
        const body = await (await fetch(new URL(a.href, base))).arrayBuffer();
        if ((await sha256Hex(body)) !== a.sha256) return undefined;
        return URL.createObjectURL(new Blob([body], { type: a.type }));
      } catch {
        return undefined;
      }
    },
    [base],
  );

  return (
    <PhoneFrame
      {...(state.kind === 'loading' ? { loading: t('phoneLoading') } : {})}
      {...(state.kind === 'error' ? { error: state.message } : {})}
    >
      {state.kind === 'withdrawn' && (
        <p class="banner warn" role="status">
          {t('withdrawnItem', { date: formatDate(state.at), reason: state.reason })}
        </p>
      )}
      {state.kind === 'item' && <ItemDetail item={state.change.item} approval={state.change.approval} resolveAttachment={resolve} />}
      {state.kind === 'item' && state.change.item.kind === 'hearing' && Date.now() < Date.parse(state.change.item.hearing.startsAt) && (
        <button type="button" class="primary" onClick={() => navigate(`/m/opinion/${id}`)}>
          {t('hearingOpinion')}
        </button>
      )}
      {state.kind === 'item' && takesNoticeOpinions(state.change.item) && (
        <button type="button" class="primary" onClick={() => navigate(`/m/opinion/${id}`)}>
          {t('noticeOpinion')}
        </button>
      )}
    </PhoneFrame>
  );
}
