/**
 * `npm run test:stress`: the whole suite (`npm test`) three times in a row while
 * a CPU load keeps every core busy, as on a contributor's laptop or a shared CI
 * machine. Prints each run's time and result and fails if any run failed.
 *
 *   npm run test:stress                      three runs of `npm test`
 *   npm run test:stress -- --runs=1          one run
 *   npm run test:stress -- --load-minutes=60 the load's own time limit (default 150)
 *   npm run test:stress -- -- npx vitest run another command instead of `npm test`
 *
 * The load is one busy-looping Node process per core (os.availableParallelism()).
 * It is bounded three ways: it is stopped when the runs end (or on Ctrl-C), each
 * load process exits by itself after --load-minutes, and each one exits as soon as
 * its parent (this script) is gone.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

interface Options {
  runs: number;
  loadMinutes: number;
  command: string[];
}

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = { runs: 3, loadMinutes: 150, command: ['npm', 'test'] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--') {
      const rest = argv.slice(i + 1);
      if (rest.length > 0) opts.command = [...rest];
      break;
    }
    const m = /^--(runs|load-minutes)=(\d+(?:\.\d+)?)$/.exec(a);
    if (!m) throw new Error(`test:stress: unknown argument ${a} (--runs=N, --load-minutes=M, -- COMMAND…)`);
    if (m[1] === 'runs') opts.runs = Math.max(1, Math.floor(Number(m[2])));
    else opts.loadMinutes = Number(m[2]);
  }
  return opts;
}

/** A busy loop that stops by itself at its deadline or when its parent is gone. */
const LOAD_SOURCE = `
const end = Date.now() + Number(process.argv[1]);
const parent = process.ppid;
let x = 0;
for (;;) {
  for (let i = 0; i < 5e6; i++) x = (x + i * 7) % 1000003;
  if (Date.now() >= end || process.ppid !== parent) break;
}
process.exit(0);
`;

function startLoad(cores: number, minutes: number): ChildProcess[] {
  const ms = String(Math.round(minutes * 60_000));
  return Array.from({ length: cores }, () => spawn(process.execPath, ['-e', LOAD_SOURCE, ms], { stdio: 'ignore' }));
}

function stopLoad(load: readonly ChildProcess[]): void {
  for (const p of load) if (p.exitCode === null && p.signalCode === null) p.kill('SIGTERM');
}

/** The run in progress, stopped with the load when this script is interrupted. */
let current: ChildProcess | undefined;

function runOnce(command: readonly string[]): Promise<number> {
  const [cmd = 'npm', ...args] = command;
  return new Promise((resolve) => {
    // Its own process group, so that stopping this script stops the whole run (npm leaves its children running).
    const child = spawn(cmd, args, { stdio: 'inherit', env: process.env, detached: true });
    current = child;
    child.on('error', (e) => {
      console.error(`test:stress: could not start ${cmd}: ${e.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

const fmt = (ms: number): string => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
};

const opts = parseArgs(process.argv.slice(2));
const cores = availableParallelism();
const load = startLoad(cores, opts.loadMinutes);
const stop = () => {
  stopLoad(load);
  if (current?.pid && current.exitCode === null && current.signalCode === null) {
    try {
      process.kill(-current.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
  process.exit(130);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

const line = `${opts.command.join(' ')}`;
console.log(
  `test:stress: ${opts.runs} × \`${line}\` under load: ${cores} busy process(es), one per core, for at most ${opts.loadMinutes} min (pids ${load.map((p) => p.pid).join(', ')})`,
);

const results: { run: number; ms: number; code: number }[] = [];
try {
  for (let run = 1; run <= opts.runs; run++) {
    console.log(`\ntest:stress: run ${run} of ${opts.runs} starts ${new Date().toISOString()}`);
    const t0 = Date.now();
    const code = await runOnce(opts.command);
    const ms = Date.now() - t0;
    results.push({ run, ms, code });
    const alive = load.filter((p) => p.exitCode === null && p.signalCode === null).length;
    console.log(
      `test:stress: run ${run} of ${opts.runs}: ${code === 0 ? 'PASS' : `FAIL (exit ${code})`} in ${fmt(ms)}; load processes still running: ${alive} of ${cores}`,
    );
  }
} finally {
  stopLoad(load);
}

console.log(`\ntest:stress: \`${line}\` under a load on all ${cores} core(s)`);
for (const r of results) console.log(`  run ${r.run}: ${r.code === 0 ? 'PASS' : `FAIL (exit ${r.code})`}  ${fmt(r.ms)}`);
const failed = results.filter((r) => r.code !== 0).length;
console.log(failed === 0 ? `PASS: ${results.length} of ${results.length} green` : `FAIL: ${failed} of ${results.length} runs failed`);
process.exitCode = failed === 0 ? 0 : 1;
