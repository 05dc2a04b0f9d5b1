/** The kiosk's frame: title, clock, freshness and network state; navigation at the bottom. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { navigate, usePath } from '../../app/router.ts';
import { useApp, useSyncStatus } from '../../app/sync-hooks.ts';
import { t } from '../../i18n/index.ts';
import { formatDate, formatDateTime } from '../shared/format.ts';

function useNow(intervalMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

export function FreshnessBadge() {
  const status = useSyncStatus();
  const now = useNow(30_000);
  const state = status.state;
  const stale = state && Date.parse(state.headExpires) < now.getTime();
  return (
    <div class="status" aria-live="polite">
      <span class="badge" data-testid="updated">
        {state?.lastCheckAt ? t('updatedAt', { time: formatDateTime(state.lastCheckAt) }) : t('neverUpdated')}
      </span>
      {!status.online && (
        <span class="badge warn" data-testid="offline" role="status">
          ⚠ {t('offline')}
        </span>
      )}
      {stale && (
        <span class="badge warn" data-testid="stale" role="status">
          ⚠ {t('stale', { date: formatDate(state.headExpires) })}
        </span>
      )}
    </div>
  );
}

export function KioskFrame({ children }: { children: ComponentChildren }) {
  const { config } = useApp();
  const path = usePath();
  const now = useNow(15_000);
  const clock = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);
  return (
    <div class="kiosk">
      <header class="topbar">
        <h1 class="site-title">{config.title}</h1>
        <time class="clock">{clock}</time>
      </header>
      <FreshnessBadge />
      <main class="content" id="main">
        {children}
      </main>
      <nav class="bottom-nav" aria-label="主导航">
        {path !== '/' && (
          <button type="button" onClick={() => history.back()}>
            ← {t('back')}
          </button>
        )}
        <button type="button" aria-current={path === '/' ? 'page' : undefined} onClick={() => navigate('/')}>
          {t('home')}
        </button>
        <button type="button" aria-current={path === '/k/archive' ? 'page' : undefined} onClick={() => navigate('/k/archive')}>
          {t('archive')}
        </button>
        <span class="hotline">{t('hotline', { phone: config.hotline })}</span>
        <button type="button" class="quiet" onClick={() => navigate('/k/diagnostics')}>
          {t('diagnostics')}
        </button>
      </nav>
    </div>
  );
}
