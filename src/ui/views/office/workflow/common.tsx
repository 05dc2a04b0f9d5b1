/** What the workflow's pages share: navigation inside the workspace, the page heading, the drafts table. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { chinaMinute } from '../../../../contract/china-time.ts';
import { periodZh } from '../../../../contract/workflow.ts';
import { DRAFT_KIND_ZH } from '../../../../contract/workflow-content.ts';
import { api, type DraftSummary } from './api.ts';

export interface Me {
  person: { id: string; name: string; roles: string[]; department: string | null };
  roleNames: Record<string, string>;
}

export function go(path: string): void {
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
  scrollTo(0, 0);
}

/** The page's heading takes the focus when the page changes (keyboard and screen-reader users). */
export function Heading({ children }: { children: preact.ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

export function Link({ href, children, label }: { href: string; children: preact.ComponentChildren; label?: string }) {
  return (
    <a
      href={href}
      aria-label={label}
      onClick={(e) => {
        e.preventDefault();
        go(href);
      }}
    >
      {children}
    </a>
  );
}

export function DraftTable({ drafts, caption, empty }: { drafts: DraftSummary[]; caption: string; empty: string }) {
  if (drafts.length === 0) return <p class="office-help">{empty}</p>;
  return (
    <table class="office-table wf-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">标题</th>
          <th scope="col">类型</th>
          <th scope="col">部门</th>
          <th scope="col">期</th>
          <th scope="col">状态</th>
          <th scope="col">更新时间</th>
        </tr>
      </thead>
      <tbody>
        {drafts.map((d) => (
          <tr key={d.id}>
            <th scope="row">
              <Link href={`/office/drafts/${d.id}`}>{d.title}</Link>
              {d.demo && <span class="wf-tag">演示</span>}
              {d.returned && d.state === 'returned' && <p class="wf-returned-reason">退回理由:{d.returned.reason}</p>}
            </th>
            <td>{DRAFT_KIND_ZH[d.kind]}</td>
            <td>{d.department}</td>
            <td>{periodZh(d.period)}</td>
            <td>
              <span class={`wf-state wf-state-${d.state}`}>{d.stateZh}</span>
            </td>
            <td>{chinaMinute(d.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function useLoad<T>(path: string): [T | undefined, string | null, () => void] {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    void api<T>(path).then((r) => {
      if (!r.ok) return setError(r.message);
      setData(r.data);
      setError(null);
    });
  }, [path]);
  useEffect(load, [load]);
  return [data, error, load];
}
