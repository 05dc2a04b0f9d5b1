/**
 * Which config this device runs: `?config=NAME` picks kiosk-config/NAME.json
 * and the device keeps it (localStorage holds the name and the last good copy,
 * so it starts offline too). A bad config is shown to IT field by field.
 */
import { type DeviceConfig, parseDeviceConfig } from '../contract/config.ts';

const NAME_KEY = 'zwgk.config.name';
const COPY_KEY = 'zwgk.config.copy';

export type ConfigResult =
  | { kind: 'ok'; name: string; config: DeviceConfig; fromCache: boolean }
  | { kind: 'invalid'; name: string; problems: string[] }
  | { kind: 'missing'; name: string };

export function configName(search = location.search): string {
  const asked = new URLSearchParams(search).get('config');
  if (asked && /^[a-z0-9][a-z0-9-]{0,63}$/.test(asked)) return asked;
  return localStorage.getItem(NAME_KEY) ?? 'default';
}

export async function loadDeviceConfig(name = configName()): Promise<ConfigResult> {
  let raw: unknown;
  try {
    const res = await fetch(`/kiosk-config/${name}.json`, { cache: 'no-store' });
    if (res.status === 404) return { kind: 'invalid', name, problems: [`服务器上没有 kiosk-config/${name}.json`] };
    raw = await res.json();
    if (!res.ok && res.status !== 422) throw new Error(`HTTP ${res.status}`);
    if (res.status === 422) return { kind: 'invalid', name, problems: [String((raw as { message?: string }).message)] };
  } catch {
    // Offline, or the hub is down: run on the last good copy.
    const copy = localStorage.getItem(COPY_KEY);
    const cached = copy ? parseDeviceConfig(JSON.parse(copy)) : undefined;
    if (cached?.ok && localStorage.getItem(NAME_KEY) === name) return { kind: 'ok', name, config: cached.config, fromCache: true };
    return { kind: 'missing', name };
  }
  const parsed = parseDeviceConfig(raw);
  if (!parsed.ok) return { kind: 'invalid', name, problems: parsed.problems };
  localStorage.setItem(NAME_KEY, name);
  localStorage.setItem(COPY_KEY, JSON.stringify(raw));
  return { kind: 'ok', name, config: parsed.config, fromCache: false };
}

/**
 * A kiosk runs for months without a reload: look at the served config every few
 * hours, and when it changed (new keys during a rotation, new channels), call
 * `onChange` so the app can restart into it at a quiet moment.
 */
export function watchDeviceConfig(name: string, current: DeviceConfig, onChange: () => void, everyMs = 6 * 3_600_000): () => void {
  const id = setInterval(() => {
    void loadDeviceConfig(name).then((r) => {
      if (r.kind === 'ok' && !r.fromCache && JSON.stringify(r.config) !== JSON.stringify(current)) onChange();
    });
  }, everyMs);
  return () => clearInterval(id);
}
