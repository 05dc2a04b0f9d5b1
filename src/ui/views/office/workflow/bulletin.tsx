/**
 * 《政务公开简报》 of a period, as a print-ready A4 page (政务公开制度: 编印《政务公开简报》发到各村、
 * 社区): what was published that period, by kind — notices with their periods, hearings, answers to
 * complaints and inquiries, evaluation results, the catalogue's other disclosures — what was
 * withdrawn and why, with who pre-reviewed and signed each. The office prints it from the browser
 * (打印 → A4, or 另存为 PDF); print CSS hides the workspace around it.
 */
import { useEffect, useState } from 'preact/hooks';
import { categoryById } from '../../../../contract/catalogue.ts';
import { chinaDate, chinaMinute } from '../../../../contract/china-time.ts';
import type { Approval, Item } from '../../../../contract/feed.ts';
import { periodZh } from '../../../../contract/workflow.ts';
import { api } from './api.ts';
import { Heading } from './common.tsx';

interface BulletinData {
  period: string;
  generatedAt: string;
  publisher: string;
  items: { item: Item; at: string; approval: Approval; withdrawn: boolean }[];
  withdrawn: { id: string; title: string; reason: string; at: string }[];
  deliberations: number;
}

const SECTIONS: { title: string; pick: (i: Item) => boolean }[] = [
  { title: '一、告示', pick: (i) => i.kind === 'notice' },
  { title: '二、听证', pick: (i) => i.kind === 'hearing' },
  { title: '三、投诉与咨询的答复', pick: (i) => i.kind === 'answer' },
  { title: '四、评议与结果', pick: (i) => i.kind === 'questionnaire' || i.kind === 'result' },
  { title: '五、其他公开事项', pick: (i) => !['notice', 'hearing', 'answer', 'questionnaire', 'result'].includes(i.kind) },
];
const NOTICE_TYPE_ZH = { decision: '决策类', execution: '执行类', emergency: '应急类' } as const;

/** The first lines of an item's text, for the bulletin (the full text is on the kiosks and phones). */
function gist(i: Item): string {
  if (i.kind === 'notice') return `${i.notice.basis.cause}。${i.notice.measures}`;
  if (i.kind === 'hearing') return `${i.hearing.matter}。时间:${chinaMinute(i.hearing.startsAt)},地点:${i.hearing.place}。`;
  const text = (i.summary ?? i.bodyHtml.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

export function BulletinPage({ period }: { period: string }) {
  const [data, setData] = useState<BulletinData>();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api<BulletinData>(`/api/office/v1/workflow/bulletin/${period}`).then((r) => (r.ok ? setData(r.data) : setError(r.message)));
  }, [period]);
  const [y, m] = period.split('-');
  return (
    <>
      <div class="wf-noprint">
        <Heading>《政务公开简报》{periodZh(period)}</Heading>
        <p class="office-help">A4 纸打印,发到各村、社区;也可在打印对话框中「另存为 PDF」。</p>
        <button type="button" class="office-primary" onClick={() => print()}>
          打印简报
        </button>
      </div>
      {error && (
        <p class="office-error" role="alert">
          {error}
        </p>
      )}
      {data && (
        <article class="wf-bulletin" aria-label={`政务公开简报 ${periodZh(period)}`}>
          <header class="wf-b-head">
            <p class="wf-b-masthead">政务公开简报</p>
            <p class="wf-b-issue">
              {y}年第{Number(m)}期 · {data.publisher}编 · {chinaDate(data.generatedAt)}
            </p>
          </header>
          <p class="wf-b-lead">
            本期公开 {data.items.length} 项{data.withdrawn.length > 0 ? `,撤回 ${data.withdrawn.length} 项` : ''}
            。每项均经政务公开预审小组预审、审议小组审议{data.deliberations > 0 ? `(本期审议记录 ${data.deliberations} 份,存档备查)` : ''}
            、分管领导签发。全文可在各村、社区的政务公开触摸屏和公开栏查阅,或用手机扫描公开栏上的二维码阅读。
          </p>
          {SECTIONS.map((s) => {
            const list = data.items.filter((x) => s.pick(x.item));
            if (list.length === 0) return null;
            return (
              <section key={s.title} class="wf-b-section">
                <h2>{s.title}</h2>
                <ol>
                  {list.map(({ item, approval, withdrawn }) => (
                    <li key={item.id}>
                      <h3>
                        {item.title}
                        {withdrawn && <span class="wf-b-withdrawn">(已撤回)</span>}
                      </h3>
                      <p class="wf-b-meta">
                        {item.department} · {item.publishedAt} 发布
                        {item.kind === 'notice' &&
                          ` · ${NOTICE_TYPE_ZH[item.notice.type]}告示,告示期 ${item.notice.periodStart} 至 ${item.notice.periodEnd}`}
                        {item.kind !== 'notice' && categoryById(item.category) && ` · ${categoryById(item.category)?.zh}`}
                      </p>
                      <p>{gist(item)}</p>
                      <p class="wf-b-approval">
                        预审:{approval.preReview.by} · 签发:{approval.signOff.by}({chinaMinute(approval.signOff.at)})
                      </p>
                    </li>
                  ))}
                </ol>
              </section>
            );
          })}
          {data.items.length === 0 && <p>本期没有新公开的内容。</p>}
          {data.withdrawn.length > 0 && (
            <section class="wf-b-section">
              <h2>六、撤回的公开内容</h2>
              <ol>
                {data.withdrawn.map((w) => (
                  <li key={`${w.id}-${w.at}`}>
                    {w.title}({chinaDate(w.at)} 撤回):{w.reason}
                  </li>
                ))}
              </ol>
            </section>
          )}
          <footer class="wf-b-foot">监督电话 53034645 · 对公开内容有意见,可在触摸屏或手机上提出,也可来电来访(《政务公开制度》八)</footer>
        </article>
      )}
    </>
  );
}
