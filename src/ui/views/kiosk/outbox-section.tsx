/**
 * For IT on the diagnostics screen: whether this device takes submissions, how
 * many wait for delivery, which the hub refused and why, and whether storage
 * ever refused one. Nothing here shows what a citizen wrote (it is sealed).
 */
import type { SubmissionKind } from '../../../contract/submission.ts';
import type { OutboxStatus } from '../../../device/outbox/delivery.ts';
import { ti } from '../../i18n/intake.ts';
import { useDeliverNow, useIntakeReady, useOutboxStatus } from '../../shell/outbox-hooks.ts';
import { formatDateTime } from '../shared/format.ts';

const kindLabel = (k: string) => ti(`kind_${k as SubmissionKind}`);

function passText(s: OutboxStatus): string | undefined {
  const last = s.lastPass;
  if (!last) return undefined;
  const r = last.result;
  const result =
    r.outcome === 'busy'
      ? ti('diagResultBusy')
      : r.outcome === 'retry'
        ? ti('diagResultRetry', { message: r.failure?.message ?? '' })
        : ti('diagResultDone', { n: r.delivered });
  return ti('diagLast', { time: formatDateTime(last.at), result });
}

export function OutboxSection() {
  const ready = useIntakeReady();
  const status = useOutboxStatus();
  const deliverNow = useDeliverNow();
  const last = passText(status);
  return (
    <section aria-labelledby="h-outbox" data-testid="diag-outbox">
      <h3 id="h-outbox">{ti('diagOutbox')}</h3>
      <dl class="meta">
        <dt>{ti('diagIntake')}</dt>
        <dd data-testid="diag-intake">{ready === undefined ? '…' : ready.ok ? ti('diagIntakeOk') : ready.reason}</dd>
        <dt>{ti('diagQueue')}</dt>
        <dd>
          <span data-testid="diag-pending">{ti('diagPending', { n: status.pending })}</span>
          {' · '}
          <span data-testid="diag-refused">{ti('diagRefused', { n: status.refused })}</span>
          {' · '}
          <span data-testid="diag-delivered">{ti('diagDelivered', { n: status.delivered })}</span>
        </dd>
        {last && (
          <>
            <dt>{ti('diagLastLabel')}</dt>
            <dd data-testid="diag-last-pass">{last}</dd>
          </>
        )}
        {status.nextTryAt && (
          <>
            <dt>{ti('diagNextLabel')}</dt>
            <dd>{ti('diagNext', { time: formatDateTime(new Date(status.nextTryAt).toISOString()) })}</dd>
          </>
        )}
      </dl>
      {status.storageFull && (
        <p class="banner warn" role="alert" data-testid="diag-storage-full">
          {ti('diagStorageFull', { time: formatDateTime(status.storageFull.at), message: status.storageFull.message })}
        </p>
      )}
      {status.entries.length > 0 && (
        <ol class="log" data-testid="diag-outbox-entries">
          {status.entries.map((e) => (
            <li key={e.id} class={e.refused ? 'log-reject' : ''}>
              <code>{e.id.slice(0, 8)}</code>{' '}
              {ti('diagEntry', { kind: kindLabel(e.kind), time: formatDateTime(e.queuedAt), n: e.attempts })}
              {e.lastError && ` · ${e.lastError.status ? `HTTP ${e.lastError.status} ` : ''}${e.lastError.message}`}
            </li>
          ))}
        </ol>
      )}
      <button type="button" class="primary" disabled={status.running || !status.started} onClick={deliverNow}>
        {ti('diagRetry')}
      </button>
    </section>
  );
}
