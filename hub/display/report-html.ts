/**
 * The compliance report as a page the office prints (A4), in Chinese: each
 * notice, each board on its channel, and the working days it was not shown.
 * Every value is escaped; the page loads nothing else.
 */
import { chinaClock, chinaDate } from '../../src/contract/china-time.ts';
import type { NoticeType } from '../../src/contract/feed.ts';
import type { BoardCompliance, BoardStatus, ComplianceReport, NoticeCompliance, NoticeStatus } from './compliance.ts';

const esc = (s: string | number) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const WEEKDAYS = '日一二三四五六';
export function dayZh(d: string): string {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return `${m}月${day}日(${WEEKDAYS[new Date(Date.UTC(y, m - 1, day)).getUTCDay()]})`;
}
const dateZh = (d: string) => `${Number(d.slice(0, 4))}年${dayZh(d).replace(/\(.\)$/, '')}`;
const timeZh = (iso: string) => `${dateZh(chinaDate(iso))} ${chinaClock(iso)}`;

const TYPE_ZH: Record<NoticeType, string> = { decision: '决策类', execution: '执行类', emergency: '应急类' };
export const NOTICE_STATUS_ZH: Record<NoticeStatus, string> = {
  complete: '已按期公示完毕',
  'on-track': '公示中,至今无缺漏',
  pending: '部分公开栏尚未上报',
  missing: '有缺漏的工作日',
  'not-started': '—',
  upcoming: '尚未开始公示',
  'no-boards': '本频道没有上报过的公开栏',
  invalid: '公示期日期有误',
};
const BOARD_STATUS_ZH: Record<BoardStatus, string> = {
  complete: '全部工作日均已展示',
  'on-track': '至今每个工作日均已展示',
  pending: '尚未上报',
  missing: '有缺漏',
  'not-started': '—',
};

function days(list: string[]): string {
  return list.length === 0 ? '—' : list.map(dayZh).join('、');
}

function boardRow(b: BoardCompliance): string {
  return `<tr class="${b.status}">
  <td>${esc(b.name)}<br><small>${esc(b.vouchedBy.place)} · ${esc(b.config)} · ${esc(b.device.slice(0, 8))}</small><br><small class="vouched">由该设备签名担保 · 密钥指纹 ${esc(b.vouchedBy.key)}${b.vouchedBy.revokedAt ? ` · 已于 ${esc(timeZh(b.vouchedBy.revokedAt))} 停用` : ''}</small>${b.tampered ? '<br><strong class="warn">记录链有异常</strong>' : ''}</td>
  <td>${esc(BOARD_STATUS_ZH[b.status])}</td>
  <td class="num">${b.shownDays.length} / ${b.judgedDays}</td>
  <td>${b.missingDays.length > 0 ? `<strong>${esc(days(b.missingDays))}</strong>` : '—'}</td>
  <td>${esc(days(b.unreportedDays))}</td>
  <td>${b.shownToday ? '已展示' : '尚未展示'}</td>
</tr>`;
}

function notice(n: NoticeCompliance): string {
  const period = `${dateZh(n.periodStart)} 至 ${dateZh(n.periodEnd)}`;
  return `<section class="notice ${n.status}">
  <h2>${esc(n.title)}</h2>
  <p class="meta">${esc(TYPE_ZH[n.type])}告示 · ${esc(n.department)} · ${n.channel === 'internal' ? '对内公开' : '对外公开'} · 编号 ${esc(n.id)} 第 ${n.rev} 版</p>
  <p class="meta">公示期 ${esc(period)}${n.status === 'invalid' ? '' : `,共 ${n.workingDays} 个工作日`}${n.withdrawnOn ? `;已于 ${esc(dateZh(n.withdrawnOn))} 撤回,应公示至 ${esc(dateZh(n.owedUntil))}` : ''}</p>
  <p class="status"><strong>${esc(NOTICE_STATUS_ZH[n.status])}</strong>${n.problem ? `:${esc(n.problem)}` : ''}</p>
  ${
    n.boards.length === 0
      ? ''
      : `<table>
    <thead><tr><th>公开栏</th><th>情况</th><th>已展示工作日</th><th>缺漏的工作日</th><th>尚未上报的工作日</th><th>今日</th></tr></thead>
    <tbody>${n.boards.map(boardRow).join('')}</tbody>
  </table>`
  }
</section>`;
}

/** `nonce`: the page's one style block and print script run under the hub's strict CSP with it (hub/security-headers.ts). */
export function complianceHtml(r: ComplianceReport, nonce = ''): string {
  const counts = (s: NoticeStatus) => r.notices.filter((n) => n.status === s).length;
  const tampered = r.boards.filter((b) => b.problems.length > 0);
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>告示展示情况报告 ${esc(r.date)}</title>
<style nonce="${esc(nonce)}">
  @page { size: A4; margin: 16mm 14mm; }
  body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "SimSun", serif; color: #111; margin: 2em auto; max-width: 60em; line-height: 1.6; }
  h1 { font-size: 1.6em; text-align: center; margin: 0 0 0.2em; }
  .sub { text-align: center; color: #333; margin: 0 0 1.5em; }
  h2 { font-size: 1.15em; margin: 0 0 0.3em; }
  .summary { border: 1px solid #999; padding: 0.6em 1em; margin-bottom: 1.5em; }
  .notice { border-top: 2px solid #111; padding-top: 0.8em; margin-top: 1.2em; break-inside: avoid; }
  .meta { margin: 0; color: #333; font-size: 0.92em; }
  .status { margin: 0.4em 0; }
  .notice.missing .status strong, .warn, tr.missing td:nth-child(4) strong { color: #a00; }
  table { width: 100%; border-collapse: collapse; font-size: 0.9em; margin-top: 0.4em; }
  th, td { border: 1px solid #777; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
  th { background: #eee; }
  td.num { text-align: right; white-space: nowrap; }
  small { color: #555; }
  .print { position: fixed; top: 1em; right: 1em; font-size: 1em; padding: 0.4em 1.2em; }
  @media print { .print { display: none; } body { margin: 0; max-width: none; } }
</style>
</head>
<body>
<button class="print" type="button">打印</button>
<script nonce="${esc(nonce)}">document.querySelector('.print').addEventListener('click', () => print());</script>
<h1>政务公开栏告示展示情况报告</h1>
<p class="sub">统计截至 ${esc(dateZh(r.date))}(当日仅供参考,不计缺漏)· 生成于 ${esc(timeZh(r.generatedAt))}</p>
<div class="summary">
  <p>依据《政务公开告示制度》第六条:决策类告示公示不少于 20 个工作日,执行类不少于 7 个工作日,应急类实时告示。以下按各公开栏上报的展示记录(哈希链留痕,每批由登记在册的设备密钥签名;未登记或签名不符的上报一律不予采信),逐个工作日核对每条告示是否在其频道的每块公开栏上展示。</p>
  <p>告示 ${r.notices.length} 条:已按期公示完毕 ${counts('complete')} 条,公示中 ${counts('on-track')} 条,有缺漏 <strong>${counts('missing')}</strong> 条,待上报 ${counts('pending')} 条,尚未开始 ${counts('upcoming')} 条。上报过的公开栏 ${r.boards.length} 块${tampered.length > 0 ? `,其中 <strong class="warn">${tampered.length} 块的展示记录有异常</strong>` : ''}。</p>
</div>
${r.notices.map(notice).join('\n')}
${
  tampered.length === 0
    ? ''
    : `<section class="notice missing"><h2>展示记录异常</h2><p class="meta">以下公开栏的展示记录被改动或删除过,相关统计不能作为公示凭证,请核查。</p><table><thead><tr><th>公开栏</th><th>记录号</th><th>问题</th><th>发现时间</th></tr></thead><tbody>${tampered
        .flatMap((b) =>
          b.problems.map(
            (p) =>
              `<tr><td>${esc(b.name)}<br><small>${esc(b.device.slice(0, 8))}</small></td><td class="num">${p.seq}</td><td>${esc(p.message)}</td><td>${esc(timeZh(p.foundAt))}</td></tr>`,
          ),
        )
        .join('')}</tbody></table></section>`
}
${
  r.silentConfigs.length === 0
    ? ''
    : `<section class="notice"><h2>已配置但从未上报的公开栏</h2><ul>${r.silentConfigs.map((c) => `<li>${esc(c.name)}(kiosk-config/${esc(c.config)}.json)</li>`).join('')}</ul></section>`
}
</body>
</html>`;
}
