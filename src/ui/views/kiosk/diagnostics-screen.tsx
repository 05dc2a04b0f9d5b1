/** For IT: what this device runs, how far it synced, and every rejection with its reason. */
import { t } from '../../i18n/index.ts';
import { useDeviceLog, useServiceWorkerState, useStorageFigures } from '../../shell/device-hooks.ts';
import { useApp, useSyncStatus } from '../../shell/sync-hooks.ts';
import { DeviceSection } from '../device/device-section.tsx';
import { formatBytes, formatDateTime } from '../shared/format.ts';
import { OutboxSection } from './outbox-section.tsx';

export default function DiagnosticsScreen() {
  const { config, configName, engine } = useApp();
  const status = useSyncStatus();
  const figures = useStorageFigures();
  const log = useDeviceLog(200, status);
  const sw = useServiceWorkerState();
  const s = status.state;
  return (
    <section class="diagnostics" aria-labelledby="h-diag">
      <h2 id="h-diag">{t('diagnostics')}</h2>
      <DeviceSection />
      <h3>{t('diagConfig')}</h3>
      <dl class="meta">
        <dt>config</dt>
        <dd data-testid="diag-config">
          {configName} · {config.name} · {config.mode}
        </dd>
        <dt>{t('diagChannels')}</dt>
        <dd>{config.channels.map((c) => t(`channel_${c}`)).join('、')}</dd>
        <dt>feed</dt>
        <dd>{config.feed}</dd>
        <dt>{t('diagVersion')}</dt>
        <dd>
          {__APP_VERSION__} · service worker: {sw}
        </dd>
      </dl>
      <h3>{t('diagFeed')}</h3>
      <dl class="meta">
        <dt>seq</dt>
        <dd data-testid="diag-seq">{t('diagSeq', { n: s?.seq ?? 0 })}</dd>
        <dt>{t('diagLastCheck')}</dt>
        <dd>{s?.lastCheckAt ? formatDateTime(s.lastCheckAt) : '—'}</dd>
        <dt>{t('diagLastChange')}</dt>
        <dd>{s?.lastChangeAt ? formatDateTime(s.lastChangeAt) : '—'}</dd>
        <dt>{t('diagIssued')}</dt>
        <dd>{s ? formatDateTime(s.headIssued) : '—'}</dd>
        <dt>{t('diagExpires')}</dt>
        <dd>{s ? formatDateTime(s.headExpires) : '—'}</dd>
      </dl>
      {/* aria-disabled, not disabled: a keyboard user who pressed it keeps the focus on it while it runs. */}
      <button
        type="button"
        class="primary"
        aria-disabled={status.running ? 'true' : undefined}
        onClick={() => {
          if (!status.running) void engine.syncNow();
        }}
      >
        {t('syncNow')}
      </button>
      <OutboxSection />
      <h3>{t('diagStorage')}</h3>
      {figures && (
        <p>
          {t('diagItems', { items: figures.items, archived: figures.archived })}
          {figures.usage !== undefined &&
            figures.quota !== undefined &&
            ` · ${t('diagUsage', { used: formatBytes(figures.usage), quota: formatBytes(figures.quota) })}`}
        </p>
      )}
      <h3>{t('diagLog')}</h3>
      {log.length === 0 ? (
        <p class="muted">{t('diagNoLog')}</p>
      ) : (
        <ol class="log" data-testid="diag-log">
          {log.map((e) => (
            <li key={e.id} class={`log-${e.level}`}>
              <time>{formatDateTime(e.at)}</time> <code>{e.code}</code> {e.message}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
