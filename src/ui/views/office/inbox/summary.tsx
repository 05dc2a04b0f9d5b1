/**
 * The workspace's home (dashboard) shows what waits in 投诉与咨询 for the signed-in person:
 * cases to register, in progress, due soon and overdue (《政务公开责任追究制度》第六条 5), counted
 * with the same case module and the browser's clock as the inbox. Loaded lazily with the home.
 */
import { useEffect, useState } from 'preact/hooks';
import { INBOX_TAB_ZH, type InboxTab, inTab } from '../../../../contract/cases.ts';
import { type InboxData, loadInbox } from './api.ts';
import './inbox.css';

const SHOWN: InboxTab[] = ['pending', 'in-progress', 'due-soon', 'overdue'];

export default function CasesSummary({ go }: { go: (path: string) => void }) {
  const [data, setData] = useState<InboxData | null>(null);
  useEffect(() => {
    void loadInbox().then((r) => r.ok && setData(r.data));
  }, []);
  if (!data) return null;
  const now = new Date();
  return (
    <section class="office-inbox cases-summary" aria-labelledby="h-cases-summary">
      <h2 id="h-cases-summary">投诉与咨询</h2>
      <ul class="summary-tiles">
        {SHOWN.map((t) => {
          const n = data.cases.filter((v) => inTab(v.case, t, now, data.policy)).length;
          return (
            <li key={t} class={`summary-tile tile-${t}${n > 0 ? ' has' : ''}`} data-testid={`summary-${t}`}>
              <a
                href={`/office/inbox?tab=${t}`}
                onClick={(e) => {
                  e.preventDefault();
                  go(`/office/inbox?tab=${t}`);
                }}
              >
                <span class="tile-label">{INBOX_TAB_ZH[t]}</span> <strong>{n}</strong> 件
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
