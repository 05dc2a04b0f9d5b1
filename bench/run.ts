/**
 * `npm run bench`: runs every benchmark, prints each figure beside its floor,
 * and writes them all to docs/PERFORMANCE.md. `node --import tsx bench/run.ts
 * full-sync` runs some of them and only prints (the file always holds a
 * complete run). A failed requirement is printed, never an exit code.
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { boardTransitions } from './board-transitions.ts';
import { bundleSize } from './bundle-size.ts';
import { compliance } from './compliance.ts';
import { fleet } from './fleet.ts';
import { fullSync } from './full-sync.ts';
import { intakeThroughput } from './intake-throughput.ts';
import { interaction } from './interaction.ts';
import { outboxFlush } from './outbox-flush.ts';
import { type Machine, markdown, printResult } from './report.ts';
import { search } from './search.ts';
import { SharedContext } from './support/context.ts';
import type { Bench, BenchResult } from './types.ts';
import { unchangedPoll } from './unchanged-poll.ts';

/** The registry: one module per benchmark, in the order they run. */
const BENCHES: { bench: Bench; file: string }[] = [
  { bench: fullSync, file: 'bench/full-sync.ts' },
  { bench: unchangedPoll, file: 'bench/unchanged-poll.ts' },
  { bench: bundleSize, file: 'bench/bundle-size.ts' },
  { bench: intakeThroughput, file: 'bench/intake-throughput.ts' },
  { bench: outboxFlush, file: 'bench/outbox-flush.ts' },
  { bench: search, file: 'bench/search.ts' },
  { bench: interaction, file: 'bench/interaction.ts' },
  { bench: boardTransitions, file: 'bench/board-transitions.ts' },
  { bench: compliance, file: 'bench/compliance.ts' },
  { bench: fleet, file: 'bench/fleet.ts' },
];

const root = resolve(import.meta.dirname, '..');
const asked = process.argv.slice(2);
const unknown = asked.filter((id) => !BENCHES.some((b) => b.bench.id === id));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.bench.id).join(', ')}`);
  process.exit(2);
}
const selected = asked.length > 0 ? BENCHES.filter((b) => asked.includes(b.bench.id)) : BENCHES;

function nproc(): string {
  try {
    return execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    return String(availableParallelism());
  }
}

const loadBefore = loadavg()[0]!.toFixed(2);
const ctx = new SharedContext();
const done: { bench: Bench; file: string; result: BenchResult }[] = [];
let crashed = false;
try {
  for (const { bench, file } of selected) {
    process.stderr.write(`running ${bench.id}…\n`);
    try {
      const result = await bench.run(ctx);
      printResult(bench, result);
      done.push({ bench, file, result });
    } catch (e) {
      crashed = true;
      console.error(`\n${bench.id} could not run: ${(e as Error).stack ?? e}`);
    }
  }
  const machine: Machine = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command: 'npm run bench',
    cpus: `${nproc()} CPUs (nproc), ${cpus()[0]?.model.trim() ?? 'unknown model'}`,
    memory: `${(totalmem() / 1024 ** 3).toFixed(0)} GB RAM`,
    os: `${platform()} ${release()}`,
    load: `${loadBefore} before, ${loadavg()[0]!.toFixed(2)} after`,
    node: process.version,
    chromium: (await ctx.browser()).version(),
  };
  console.log(`\n${machine.date} · ${machine.cpus} · load ${machine.load} · node ${machine.node} · chromium ${machine.chromium}`);
  if (crashed) console.error('\ndocs/PERFORMANCE.md not written: a benchmark could not run.');
  else if (asked.length > 0) console.error('\ndocs/PERFORMANCE.md not written: only a complete run is recorded.');
  else {
    await writeFile(resolve(root, 'docs/PERFORMANCE.md'), markdown(machine, done));
    console.error('\nwrote docs/PERFORMANCE.md');
  }
} finally {
  await ctx.dispose();
}
if (crashed) process.exitCode = 1;
