/**
 * /m/item/ID: one item on a citizen's phone, fetched alone (no feed sync on
 * mobile data) and verified against the trusted keys like everything else.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import * as v from 'valibot';
import { navigate } from '../../app/router.ts';
import { useApp } from '../../app/sync-hooks.ts';
import { type Attachment, Change, FEED_PATHS, type UpsertChange } from '../../contract/feed.ts';
import { KeyRing, sha256Hex } from '../../contract/signing.ts';
import { t } from '../../i18n/index.ts';
import { feedBase } from '../../sync/engine.ts';
import { formatDate } from '../shared/format.ts';
import { ItemDetail } from '../shared/item-detail.tsx';

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
      let res: Response;
      try {
        res = await fetch(new URL(FEED_PATHS.item(id), base), { cache: 'no-cache' });
      } catch {
        return setState({ kind: 'error', message: t('phoneOffline') });
      }
      if (!res.ok) return setState({ kind: 'error', message: t('notFound') });
      const verified = await new KeyRing(config.trustedKeys).verify(await res.json().catch(() => null));
      const change = verified.ok ? v.safeParse(Change, verified.payload) : undefined;
      if (!change?.success) return setState({ kind: 'error', message: t('phoneVerifyFailed') });
      const c = change.output;
      if (c.op === 'withdraw') return setState({ kind: 'withdrawn', at: c.at, reason: c.reason });
      if (c.item.id !== id || !config.channels.includes(c.item.channel)) return setState({ kind: 'error', message: t('notFound') });
      setState({ kind: 'item', change: c });
    })();
  }, [id, base, config]);

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
    <div class="phone">
      <header class="topbar">
        <h1 class="site-title">{config.title}</h1>
      </header>
      <main class="content">
        {state.kind === 'loading' && <p class="muted">{t('phoneLoading')}</p>}
        {state.kind === 'error' && (
          <p class="banner warn" role="alert">
            {state.message}
          </p>
        )}
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
      </main>
      <footer class="phone-footer">{t('hotline', { phone: config.hotline })}</footer>
    </div>
  );
}
