/**
 * /m/item/ID: one item on a citizen's phone, fetched alone (no feed sync on
 * mobile data) and verified against the trusted keys like everything else.
 */

import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Attachment, UpsertChange } from '../../../contract/feed.ts';
import { sha256Hex } from '../../../contract/signing.ts';
import { feedBase } from '../../../device/sync/engine.ts';
import { fetchSignedChange } from '../../../device/sync/signed-change.ts';
import { t } from '../../i18n/index.ts';
import { navigate } from '../../shell/router.ts';
import { useApp } from '../../shell/sync-hooks.ts';
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
  const { config } = useApp();
  const base = feedBase(config);
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    void (async () => {
      const got = await fetchSignedChange(config, id);
      if (!got.ok) return setState({ kind: 'error', message: t(FAILURE[got.reason]) });
      const c = got.change;
      if (c.op === 'withdraw') return setState({ kind: 'withdrawn', at: c.at, reason: c.reason });
      setState({ kind: 'item', change: c });
    })();
  }, [id, config]);

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
