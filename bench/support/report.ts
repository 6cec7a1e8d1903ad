import { appendFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'

/** One figure of `npm run bench`: the app's time next to its floor, both from this run on this machine. */
export interface BenchRow {
  name: string
  app_ms: number
  floor_ms: number
  /** what the floor is, in a few words */
  floor: string
  /** the goal for app / floor, when it sets one */
  goal?: number
  /** anything else worth keeping with the figure (memory, counts) */
  note?: string
}

/** Where `npm run bench` keeps its table: the rows of each file are merged when the run ends. */
export const BENCH_OUT = join(process.cwd(), 'test-artifacts')
export const PARTS = join(BENCH_OUT, '.bench-parts')

/** Keeps a row for the end-of-run table and `test-artifacts/bench.json`. */
export function report(row: BenchRow): void {
  mkdirSync(PARTS, { recursive: true })
  appendFileSync(join(PARTS, `${process.pid}.jsonl`), JSON.stringify({ ...row, at: Date.now() }) + '\n')
}

export function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now()
  const r = fn()
  return [r, performance.now() - t0]
}

export async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now()
  const r = await fn()
  return [r, performance.now() - t0]
}

/** The core's heap and resident set, in MiB, as a note. */
export function memoryNote(peak: { heap: number; rss: number }): string {
  return `peak heap ${(peak.heap / 2 ** 20).toFixed(0)} MiB, peak rss ${(peak.rss / 2 ** 20).toFixed(0)} MiB`
}

/** Samples this process's memory every `everyMs` while `fn` runs; returns fn's result and the peaks. */
export async function withMemoryPeak<T>(fn: () => Promise<T>, everyMs = 20): Promise<[T, { heap: number; rss: number }]> {
  const peak = { heap: 0, rss: 0 }
  const sample = () => {
    const m = process.memoryUsage()
    peak.heap = Math.max(peak.heap, m.heapUsed)
    peak.rss = Math.max(peak.rss, m.rss)
  }
  sample()
  const timer = setInterval(sample, everyMs)
  try {
    return [await fn(), peak]
  } finally {
    clearInterval(timer)
    sample()
  }
}
