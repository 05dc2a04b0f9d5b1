/** The kiosk's frame: title, clock, freshness and network state; navigation at the bottom. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { chinaClock } from '../../../contract/china-time.ts';
import type { Locale } from '../../i18n/index.ts';
import { t } from '../../i18n/index.ts';
import { useIdle } from '../../shell/idle.ts';
import { lazyScreen } from '../../shell/lazy.tsx';
import { canGoBack, navigate, onNavigate, usePath } from '../../shell/router.ts';
import { useApp, useSyncStatus } from '../../shell/sync-hooks.ts';
import { formatDate, formatDateTime } from '../shared/format.ts';
import { DisplayTools } from './display-tools.tsx';
import './kiosk.css';

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

/**
 * After a change of screen the keyboard starts at the new screen's heading,
 * not lost on <body> (WCAG 2.4.3). A screen that places the focus itself
 * (a form's heading, a field) wins; lazy screens are waited for a moment.
 */
function focusNewScreen(): void {
  const from = document.activeElement;
  const until = performance.now() + 2000;
  const look = () => {
    const main = document.getElementById('main');
    const now = document.activeElement;
    if (!main || (now && now !== from && now !== document.body)) return;
    if (main.contains(now) && now !== main && now?.isConnected) return;
    const heading = main.querySelector<HTMLElement>('h2');
    const target = heading ?? (performance.now() > until ? main : undefined);
    if (!target) return void requestAnimationFrame(look);
    if (!target.hasAttribute('tabindex')) target.tabIndex = -1;
    target.focus({ preventScroll: true });
  };
  requestAnimationFrame(look);
}

// Loaded a little after the first screen: needed only once nobody is using it.
const loadIdleScreens = () => import('./idle-screens.tsx');
const Attract = lazyScreen<{ title: string; onStart: () => void }>(async () => ({ default: (await loadIdleScreens()).Attract }));
const IdleWarning = lazyScreen<{ left: number; onStay: () => void }>(async () => ({ default: (await loadIdleScreens()).IdleWarning }));

export function KioskFrame({ children }: { children: ComponentChildren; locale: Locale }) {
  const { config } = useApp();
  const path = usePath();
  const now = useNow(15_000);
  const [idle, wake] = useIdle(config.idleSeconds);
  useEffect(() => {
    const id = setTimeout(loadIdleScreens, 3000);
    const off = onNavigate(focusNewScreen);
    return () => {
      clearTimeout(id);
      off();
    };
  }, []);
  // The attract screen's button is gone once someone starts: the focus goes to the screen they see.
  const attract = idle.kind === 'attract';
  useEffect(() => {
    if (!attract && document.activeElement === document.body) focusNewScreen();
  }, [attract]);
  const clock = chinaClock(now);
  if (idle.kind === 'attract') return <Attract title={config.title} onStart={wake} />;
  const nav = (to: string, label: string, match = (p: string) => p === to) => (
    <button type="button" aria-current={match(path) ? 'page' : undefined} onClick={() => navigate(to)}>
      {label}
    </button>
  );
  return (
    <div class="kiosk">
      <header class="topbar">
        <h1 class="site-title">{config.title}</h1>
        <time class="clock">{clock}</time>
      </header>
      <DisplayTools />
      <FreshnessBadge />
      <main class="content" id="main">
        {children}
      </main>
      <nav class="bottom-nav" aria-label={t('mainNav')}>
        {path !== '/' && canGoBack() && (
          <button type="button" class="back" onClick={() => history.back()}>
            <span aria-hidden="true">← </span>
            {t('back')}
          </button>
        )}
        {nav('/', t('home'))}
        {nav('/k/search', t('search'), (p) => p.startsWith('/k/search'))}
        {nav('/k/archive', t('archive'))}
        <span class="hotline">{t('hotline', { phone: config.hotline })}</span>
        <button
          type="button"
          class="quiet"
          aria-current={path === '/k/diagnostics' ? 'page' : undefined}
          onClick={() => navigate('/k/diagnostics')}
        >
          {t('diagnostics')}
        </button>
      </nav>
      {idle.kind === 'warning' && <IdleWarning left={idle.left} onStay={wake} />}
    </div>
  );
}
