import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { BENCH_OUT, PARTS, type BenchRow } from './report'

/**
 * `npm run bench` starts with no rows and ends by printing every file's rows as one table and
 * writing them to `test-artifacts/bench.json` (name, app, floor, ratio), so runs can be compared.
 */
export function setup(): () => void {
  rmSync(PARTS, { recursive: true, force: true })
  return () => {
    const rows = existsSync(PARTS)
      ? readdirSync(PARTS)
          .flatMap((f) => readFileSync(join(PARTS, f), 'utf8').trim().split('\n'))
          .map((l) => JSON.parse(l) as BenchRow & { at: number })
          .sort((a, b) => a.at - b.at)
      : []
    rmSync(PARTS, { recursive: true, force: true })
    const out = rows.map(({ at: _at, ...r }) => ({ ...r, ratio: Number((r.app_ms / r.floor_ms).toFixed(2)) }))
    mkdirSync(BENCH_OUT, { recursive: true })
    const file = join(BENCH_OUT, 'bench.json')
    writeFileSync(
      file,
      JSON.stringify({ ran_at: new Date().toISOString(), cpus: cpus().length, node: process.version, rows: out }, null, 2) + '\n',
    )
    console.log('\n' + table(out) + `\n\nwritten to ${file}\n`)
  }
}

const ms = (v: number) => (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(2)} ms`)

function table(rows: (BenchRow & { ratio: number })[]): string {
  const cells = rows.map((r) => [
    r.name,
    ms(r.app_ms),
    ms(r.floor_ms),
    `${r.ratio.toFixed(2)}x`,
    r.goal === undefined ? '' : `${r.ratio <= r.goal ? 'within' : 'ABOVE'} ${r.goal}x`,
    r.floor + (r.note ? `; ${r.note}` : ''),
  ])
  const head = ['benchmark', 'app', 'floor', 'ratio', 'goal', 'floor is; notes']
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)))
  const line = (c: string[]) => c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(width[i]!))).join('  ')
  return [line(head), ...cells.map(line)].join('\n')
}
