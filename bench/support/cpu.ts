/**
 * CPU time used by this benchmark process and everything it started (the hub
 * runs in it; Chromium and its renderers, workers and utility processes are
 * its descendants), by thread, read from /proc while something runs. On a
 * two-core machine a sync that keeps several threads busy is bound by the
 * sum, so the sum is printed beside the wall-clock figures. Linux only: on
 * other systems `CpuSampler.available` is false and nothing is measured.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on every Linux this runs on

interface Thread {
  /** `type:thread`, e.g. `renderer:DedicatedWorker`, `browser:ThreadPoolForeg`, `bench+hub:node`. */
  name: string;
  ticks: number;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function parentOf(pid: string): string | undefined {
  const stat = read(`/proc/${pid}/stat`);
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
}

function processType(pid: string): string {
  if (pid === String(process.pid)) return 'bench+hub';
  const cmd = read(`/proc/${pid}/cmdline`)?.replaceAll('\0', ' ') ?? '';
  const type = /--type=(\S+)/.exec(cmd)?.[1];
  if (!type) return 'browser';
  if (type === 'utility') return /--utility-sub-type=network/.test(cmd) ? 'network' : 'utility';
  return type === 'gpu-process' ? 'gpu' : type;
}

/** This process and its descendants, thread by thread. */
function snapshot(): Map<string, Thread> {
  const out = new Map<string, Thread>();
  const mine = new Map<string, boolean>([[String(process.pid), true]]);
  const isMine = (pid: string): boolean => {
    const known = mine.get(pid);
    if (known !== undefined) return known;
    const parent = parentOf(pid);
    const result = parent !== undefined && parent !== '0' && parent !== '1' && parent !== pid && isMine(parent);
    mine.set(pid, result);
    return result;
  };
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    if (!isMine(pid)) continue;
    const type = processType(pid);
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const stat = read(`/proc/${pid}/task/${tid}/stat`);
      if (!stat) continue;
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(`${pid}/${tid}`, { name: `${type}:${comm}`, ticks: Number(f[11]) + Number(f[12]) });
    }
  }
  return out;
}

export class CpuSampler {
  static readonly available = process.platform === 'linux' && read('/proc/self/stat') !== undefined;
  private readonly start = snapshot();
  private readonly last = new Map(this.start);
  private readonly timer: ReturnType<typeof setInterval>;

  /** Samples every 20 ms: threads that end (workers are closed after a sync) keep their last reading. */
  constructor() {
    this.timer = setInterval(() => this.sample(), 20);
  }

  private sample(): void {
    for (const [k, v] of snapshot()) this.last.set(k, v);
  }

  /** Stops; CPU milliseconds by `type:thread`, most first, and the total. */
  stop(): { total: number; byThread: [string, number][] } {
    clearInterval(this.timer);
    this.sample();
    const by = new Map<string, number>();
    for (const [k, v] of this.last) {
      const ms = (v.ticks - (this.start.get(k)?.ticks ?? 0)) * TICK_MS;
      if (ms > 0) by.set(v.name, (by.get(v.name) ?? 0) + ms);
    }
    const byThread = [...by].sort((a, b) => b[1] - a[1]);
    return { total: byThread.reduce((n, [, ms]) => n + ms, 0), byThread };
  }
}
