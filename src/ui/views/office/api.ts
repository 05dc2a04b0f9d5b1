/** The workspace's calls to the hub, with the hub's own Chinese message when it refuses. */
export type Result<T> = { ok: true; data: T } | { ok: false; status: number; message: string };

export async function call<T>(path: string, body?: unknown): Promise<Result<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: body === undefined ? 'GET' : 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
    });
  } catch {
    return { ok: false, status: 0, message: '连不上服务器,请检查网络后重试' };
  }
  const data = (await res.json().catch(() => null)) as (T & { message?: string }) | null;
  if (!res.ok) return { ok: false, status: res.status, message: data?.message ?? `请求失败(${res.status})` };
  return { ok: true, data: data as T };
}

export interface PersonView {
  id: string;
  name: string;
  department: string | null;
  roles: string[];
  disabledAt: string | null;
  passkeys: number;
  createdAt: string;
}

export interface Me {
  person: PersonView;
  roleNames: Record<string, string>;
}
