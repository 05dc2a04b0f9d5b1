/**
 * The workspace's calls to the publishing workflow (hub/workflow/plugin.ts), and the shapes the
 * hub answers with. The hub's own Chinese message comes back when it refuses, with the draft's
 * problems when it has them.
 */
import type { PersonApproval } from '../../../../contract/approvals.ts';
import type { DeliberationRecord, WorkflowItem, WorkflowState } from '../../../../contract/workflow.ts';
import type { DraftContent, DraftProblem } from '../../../../contract/workflow-content.ts';
import type { FieldDiff } from '../../../../contract/workflow-diff.ts';

export type Answer<T> = { ok: true; data: T } | { ok: false; status: number; message: string; problems?: DraftProblem[] };

export async function api<T>(path: string, method: 'GET' | 'POST' | 'PUT' = 'GET', body?: unknown): Promise<Answer<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
    });
  } catch {
    return { ok: false, status: 0, message: '连不上服务器,请检查网络后重试' };
  }
  const data = (await res.json().catch(() => null)) as (T & { message?: string; problems?: DraftProblem[] }) | null;
  if (!res.ok)
    return {
      ok: false,
      status: res.status,
      message: data?.message ?? `请求失败(${res.status})`,
      ...(data?.problems ? { problems: data.problems } : {}),
    };
  return { ok: true, data: data as T };
}

export interface DraftSummary {
  id: number;
  itemId: string;
  kind: DraftContent['kind'];
  title: string;
  department: string;
  period: string;
  state: WorkflowState;
  stateZh: string;
  revision: number;
  hash: string;
  updatedAt: string;
  demo: boolean;
  returned?: WorkflowItem['returned'];
  published?: WorkflowItem['published'];
  waitsForMe: boolean;
}

export interface StepView {
  seq: number;
  action: string;
  actionZh: string;
  from: WorkflowState;
  to: WorkflowState;
  by: string;
  name: string;
  at: string;
  revision: number;
  hash: string;
  detail: { reason?: string } | null;
}

export interface DraftDetail extends DraftSummary {
  workflow: WorkflowItem;
  content: DraftContent;
  item: Record<string, unknown>;
  revisions: { revision: number; hash: string; by: string; at: string }[];
  steps: StepView[];
  deliberations: (DeliberationRecord & { draftId: number })[];
  diff: { against: number; published: boolean; fields: FieldDiff[] } | null;
  actions: string[];
  problems: DraftProblem[];
}

export interface CheckAnswer {
  problems: DraftProblem[];
  hash: string;
  item: Record<string, unknown>;
  complete: boolean;
  removed: string[];
}

interface SigningInfo {
  required: boolean;
  rpId: string | null;
  credentials: string[];
  roster: { serial: number; demo: boolean; inRoster: boolean; credentials: string[] } | null;
}

/**
 * 预审, 签发 and 撤回 are signed with the person's own passkey when the hub keeps a roster
 * (issue 12): the browser asks for 本人验证 (fingerprint or PIN) over exactly what is approved.
 * `approval` is absent when the hub does not ask for signatures.
 */
export async function signIfAsked(
  step: 'prereview' | 'signoff' | 'withdraw',
  person: string,
  revisions: string[],
): Promise<{ ok: true; approval?: PersonApproval } | { ok: false; message: string }> {
  const info = await api<SigningInfo>('/api/office/v1/workflow/signing');
  if (!info.ok) return { ok: false, message: info.message };
  if (!info.data.required) return { ok: true };
  if (!info.data.rpId) return { ok: false, message: '通行密钥不能在 IP 地址下使用:请用域名,或在本机用 http://localhost 打开工作台' };
  // Only a passkey on the roster makes a signature devices can check; the hub says which those are.
  const usable = info.data.roster?.credentials.length ? info.data.roster.credentials : info.data.credentials;
  try {
    const { signStep } = await import('../sign-step.ts');
    return { ok: true, approval: await signStep({ step, person, revisions }, { rpId: info.data.rpId, credentialIds: usable }) };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}
