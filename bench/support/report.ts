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

/** The middle figure of several runs (the upper middle of an even count). */
export const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!

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

export interface MemoryUse {
  /** live heap before, after a full collection */
  before: number
  /** the highest heap sampled while it ran (garbage not yet collected included) and resident set */
  peakHeap: number
  peakRss: number
  /** live heap after, after a full collection: what the run kept */
  after: number
}

const MiB = (v: number) => `${(v / 2 ** 20).toFixed(0)} MiB`

export function memoryNote(m: MemoryUse): string {
  return `heap ${MiB(m.before)} before, peak ${MiB(m.peakHeap)} (rss ${MiB(m.peakRss)}), ${MiB(m.after)} after`
}

const collect = () => (globalThis as { gc?: () => void }).gc?.()

/** Samples this process's memory every `everyMs` while `fn` runs, with live heaps before and after. */
export async function withMemoryPeak<T>(fn: () => Promise<T>, everyMs = 20): Promise<[T, MemoryUse]> {
  collect()
  const m: MemoryUse = { before: process.memoryUsage().heapUsed, peakHeap: 0, peakRss: 0, after: 0 }
  const sample = () => {
    const now = process.memoryUsage()
    m.peakHeap = Math.max(m.peakHeap, now.heapUsed)
    m.peakRss = Math.max(m.peakRss, now.rss)
  }
  const timer = setInterval(sample, everyMs)
  try {
    const result = await fn()
    sample()
    return [result, m]
  } finally {
    clearInterval(timer)
    collect()
    m.after = process.memoryUsage().heapUsed
  }
}
