/**
 * What a benchmark module exports and hands back. Every figure stands beside
 * its floor (what the browser or disk can do at best), measured in the same
 * run (DESIGN principle 6).
 */
import type { Browser } from '@playwright/test';
import type { TestFeed } from '../e2e/support/feed.ts';
import type { TestHub } from '../e2e/support/hub.ts';

export interface Quantity {
  value: number;
  unit: 'ms' | 'KB' | 'MB' | 'bytes' | 'requests' | 'items' | 'status' | '×' | 'nodes' | 'tasks';
}

export interface Figure {
  name: string;
  /** Absent for a floor that has no counterpart of ours of its own (it is part of a figure above). */
  ours?: Quantity;
  /** The best the platform can do at the same job, from this run; a budget is a `limit` instead. */
  floor?: Quantity;
  /** Ours ÷ floor when it is not simply the quotient of the two shown, e.g. the median of per-run ratios. */
  ratio?: number;
  /** What the issue requires, e.g. "≤ 2× floor" or "≤ 30 KB". */
  requirement?: string;
  /** Set when there is a requirement. A failed requirement is reported, never an exit code: this is a measurement. */
  pass?: boolean;
  note?: string;
}

export interface BenchResult {
  figures: Figure[];
  /** Free lines under the table: per-run values, sizes of the data, caveats. */
  notes?: string[];
}

/** Shared, lazily created resources: a browser and the generated 10,000-item feed served by a real hub. */
export interface BenchContext {
  browser(): Promise<Browser>;
  /** A feed of `BIG_FEED_ITEMS` generated items, published in normal 500-change pages, served by a hub. */
  bigFeed(): Promise<{ feed: TestFeed; hub: TestHub; items: number; pageBytes: number; pages: number }>;
  /** Progress lines go to stderr, so stdout stays the report. */
  log(line: string): void;
}

export interface Bench {
  id: string;
  title: string;
  /** What is measured and what the floor is, for docs/PERFORMANCE.md. */
  about: string;
  run(ctx: BenchContext): Promise<BenchResult>;
}
