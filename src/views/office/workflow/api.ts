/**
 * The workspace's calls to the publishing workflow (hub/workflow/plugin.ts), and the shapes the
 * hub answers with. The hub's own Chinese message comes back when it refuses, with the draft's
 * problems when it has them.
 */
import type { DeliberationRecord, WorkflowItem, WorkflowState } from '../../../contract/workflow.ts';
import type { DraftContent, DraftProblem } from '../../../contract/workflow-content.ts';
import type { FieldDiff } from '../../../contract/workflow-diff.ts';

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

/** 2026-12-07 09:00 in the county's time. */
export const zhTime = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
export const zhDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
