/** Prints the figures beside their floors, and writes them to docs/PERFORMANCE.md. */
import type { Bench, BenchResult, Figure, Quantity } from './types.ts';

export interface Machine {
  date: string;
  command: string;
  cpus: string;
  memory: string;
  os: string;
  /** 1-minute load average before and after the run: other work on the machine skews the figures. */
  load: string;
  node: string;
  chromium: string;
}

function fmt(q: Quantity | undefined): string {
  if (q === undefined) return '—';
  if (q.unit === 'status') return String(q.value);
  return `${q.value.toLocaleString('en')} ${q.value === 1 && q.unit === 'requests' ? 'request' : q.unit}`;
}

function ratio(f: Figure): string {
  if (!f.ours || !f.floor || f.floor.unit !== f.ours.unit || f.ours.unit === 'status' || f.floor.value === 0) return '—';
  const r = f.ratio ?? f.ours.value / f.floor.value;
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×`;
}

const verdict = (f: Figure) => (f.pass === undefined ? '' : f.pass ? 'PASS' : 'FAIL');

/** One line per figure, ours beside its floor, for the terminal. */
export function printResult(bench: Bench, result: BenchResult): void {
  console.log(`\n${bench.id} — ${bench.title}`);
  const width = Math.max(...result.figures.map((f) => f.name.length));
  for (const f of result.figures) {
    const parts = [`ours ${fmt(f.ours).padStart(10)}`];
    if (f.floor) parts.push(`floor ${fmt(f.floor).padStart(10)}`);
    if (f.floor && f.ours) parts.push(ratio(f).padStart(6));
    if (f.requirement) parts.push(`(${f.requirement})`, verdict(f));
    console.log(`  ${f.name.padEnd(width)}  ${parts.join('  ')}`);
  }
  for (const n of result.notes ?? []) console.log(`    ${n}`);
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

export function markdown(machine: Machine, runs: { bench: Bench; file: string; result: BenchResult }[]): string {
  const out = [
    '# Performance',
    '',
    'Measured, not assumed (DESIGN principle 6): every figure stands beside its floor, the best the browser or the disk can do at the',
    'same job, measured in the same run on the same machine. A requirement that fails is reported here, not hidden: the benchmark is a',
    'measurement and never fails the build.',
    '',
    `This file is written by \`${machine.command}\` (bench/run.ts); change bench/, not this file. Where the first sync's time`,
    'goes: its figures include CPU time by thread (`bench/support/cpu.ts`); `bench/profile-sync.ts` profiles the kiosk page’s',
    'main thread function by function (instructions at its top). On a two-core machine these figures move with anything else',
    'running: benchmark a quiet machine.',
    '',
    `- Command: \`${machine.command}\``,
    `- Date: ${machine.date}`,
    `- Machine: ${machine.cpus}, ${machine.memory}, ${machine.os}; load average ${machine.load}`,
    `- Node: ${machine.node}`,
    `- Chromium: ${machine.chromium}`,
  ];
  for (const { bench, file, result } of runs) {
    out.push('', `## ${bench.title}`, '', `\`${file}\`: ${bench.about}`, '');
    out.push('| Figure | Ours | Floor | Ours ÷ floor | Requirement | Result |', '| --- | ---: | ---: | ---: | --- | --- |');
    for (const f of result.figures)
      out.push(
        `| ${cell(f.name)}${f.note ? `<br><small>${cell(f.note)}</small>` : ''} | ${fmt(f.ours)} | ${fmt(f.floor)} | ${ratio(f)} | ${cell(f.requirement ?? '')} | ${verdict(f)} |`,
      );
    if (result.notes?.length) out.push('', ...result.notes.map((n) => `- ${n}`));
  }
  return `${out.join('\n')}\n`;
}
