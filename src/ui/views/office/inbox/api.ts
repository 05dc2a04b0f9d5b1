/** The inbox's calls to the hub's office routes (hub/cases/), with the hub's Chinese message on refusal. */
import type { AccountabilityMatter, Case, DeadlinePolicy, OfficeCaseView } from '../../../../contract/cases.ts';
import type { Role } from '../../../../contract/roles.ts';

export interface Me {
  id: string;
  name: string;
  roles: Role[];
  department?: string;
}

export interface InboxData {
  cases: OfficeCaseView[];
  policy: DeadlinePolicy;
  now: string;
  me: Me;
}

export interface HistoryEntry {
  at: string;
  actor: string | null;
  actorName: string;
  action: string;
  from: string | null;
  to: string | null;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; message: string };

export async function api<T>(path: string, init?: { method?: 'GET' | 'POST'; body?: unknown }): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init?.method ?? 'GET',
      credentials: 'same-origin',
      cache: 'no-store',
      ...(init?.body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) } : {}),
    });
  } catch {
    return { ok: false, status: 0, message: '连不上 hub,请检查网络后重试' };
  }
  const body = (await res.json().catch(() => null)) as (T & { message?: string }) | null;
  if (!res.ok) return { ok: false, status: res.status, message: body?.message ?? `请求失败(${res.status})` };
  return { ok: true, data: body as T };
}

export const loadInbox = () => api<InboxData>('/api/office/v1/cases');
export const loadCase = (id: string) => api<OfficeCaseView & { history: HistoryEntry[] }>(`/api/office/v1/cases/${encodeURIComponent(id)}`);
export const act = (id: string, body: Record<string, unknown>) =>
  api<{ case: Case }>(`/api/office/v1/cases/${encodeURIComponent(id)}/actions`, { method: 'POST', body });
export const loadMatters = () => api<{ matters: AccountabilityMatter[] }>('/api/office/v1/accountability');
