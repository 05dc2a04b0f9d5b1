/**
 * What the inbox's pages share (the list, a case, a record, the report): the context they are
 * given and how a case is named. Its own module, so the pages and the inbox that shows them
 * do not import each other.
 */

import { contentText, type OpenedCase } from '../../../../contract/case-open.ts';
import { CASE_KIND_ZH, type OfficeCaseView } from '../../../../contract/cases.ts';
import { COMPLAINT_CATEGORIES } from '../../../../contract/submission-content.ts';
import type { InboxData } from './api.ts';
import type { StoredKey } from './keys.ts';

export interface InboxCtx {
  data: InboxData;
  opened: Map<string, OpenedCase>;
  keys: StoredKey[];
  reload: () => Promise<void>;
  go: (path: string) => void;
}

export function summary(o: OpenedCase | undefined): string {
  if (!o?.content) return o ? '(未能打开:此浏览器没有对应的办理密钥)' : '正在打开…';
  const text = contentText(o.content);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

export function kindLabel(v: OfficeCaseView, o: OpenedCase | undefined): string {
  if (o?.content?.kind === 'complaint') {
    const cat = o.content.category;
    return `投诉 · ${COMPLAINT_CATEGORIES.find((c) => c.id === cat)?.zh ?? ''}`;
  }
  return CASE_KIND_ZH[v.case.kind];
}
