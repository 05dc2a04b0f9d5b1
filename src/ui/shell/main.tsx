import { render } from 'preact';
import { SyncEngine } from '../../device/sync/engine.ts';
import { t } from '../i18n/index.ts';
import './app.css';
import { type ConfigResult, loadDeviceConfig, watchDeviceConfig } from '../../device/device-config.ts';
import { readIdentity } from '../../device/store/identity.ts';
import { registerServiceWorker } from '../../device/sw-bridge.ts';
import { watchTextFields } from './keyboard-loader.ts';
import { lockDown } from './lockdown.ts';
import { initPrefs } from './prefs.ts';
import { onNavigate } from './router.ts';
import { Shell } from './shell.tsx';
import { Ctx } from './sync-hooks.ts';

const root = document.getElementById('app')!;

async function boot(): Promise<void> {
  void registerServiceWorker();
  const result: ConfigResult = await loadDeviceConfig();
  // Preact 11's render() adds to the container: take the boot message out first.
  root.replaceChildren();
  if (result.kind !== 'ok') {
    // Only a device with a broken or missing config shows this: it loads on demand.
    const { ConfigProblem } = await import('../views/shared/config-problem.tsx');
    render(<ConfigProblem result={result} />, root);
    return;
  }
  const { config, name } = result;
  await initPrefs(config.locale);
  const phone = location.pathname.startsWith('/m/');
  // A kiosk or board works only once IT has enrolled it (issue 10); a citizen's phone has no identity.
  const state = phone ? undefined : (await readIdentity().catch(() => undefined))?.state;
  if (!phone && state !== 'enrolled' && state !== 'revoked')
    await (await import('../views/device/enroll-screen.tsx')).enroll(root, name, config);
  document.title = config.title;
  // A public touchscreen: locked to the app, with its own keyboard. A citizen's phone is theirs.
  if (!phone) {
    lockDown();
    watchTextFields();
  }
  // A phone that scanned a QR fetches just the item it asked for, never the whole feed.
  const engine = new SyncEngine(config);
  // The internal feed is served only to enrolled internal devices: the engine holds a session for it.
  if (!phone && new URL(config.feed, location.href).pathname.startsWith('/feed-internal/'))
    engine.authorize = async (renew) => (await import('../../device/identity/feed-session.ts')).authorizeFeed(renew);
  if (!phone) {
    // Ask the browser not to evict the content under storage pressure: a kiosk must not go blank.
    void navigator.storage?.persist?.();
    engine.start();
    // Restart into a changed config when nobody is in the middle of something (the home screen).
    let pending = false;
    const restartWhenHome = () => {
      pending = true;
      if (location.pathname === '/') location.reload();
    };
    watchDeviceConfig(name, config, restartWhenHome);
    onNavigate(() => pending && location.pathname === '/' && location.reload());
  }
  render(
    <Ctx.Provider value={{ config, configName: name, engine }}>
      <Shell />
    </Ctx.Provider>,
    root,
  );
  // Its heartbeat to the hub (fleet health), and what the hub says about it now (revoked?), after the first screen.
  if (!phone) void import('../../device/identity/heartbeat.ts').then((m) => m.startHeartbeat(config, name, engine, !!state));
  // Queued complaints and inquiries go out in the background; the outbox loads after the first screen.
  if (config.intake) void import('../../device/outbox/delivery.ts').then((m) => m.startDelivery(config));
}

// The office's workspace (/office/) is its own lazy chunk: a kiosk never loads it.
if (location.pathname === '/office' || location.pathname.startsWith('/office/'))
  void import('../views/office/mount.tsx').then((m) => m.mount(root));
else
  void boot().catch((e: unknown) => {
    root.textContent = `${t('appLoading')} ${(e as Error).message}`;
  });
