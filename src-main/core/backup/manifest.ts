import { createHash } from 'node:crypto'
import type BetterSqlite3 from 'better-sqlite3'
import type { BackupManifest } from '../../../src-shared/domain/backup'
import { APP_VERSION } from '../version'

const COUNTED = ['machines', 'clients', 'deposits', 'settlements', 'legs', 'audit_log'] as const

/** What a ledger copy holds, read from the copy itself (so it describes exactly what is kept). */
export function describeLedger(copy: BetterSqlite3.Database, bytes: Buffer, createdAt: string, dataKeyId: string): BackupManifest {
  const one = <T>(sql: string) => copy.prepare(sql).get() as T | undefined
  const counts = Object.fromEntries(
    COUNTED.map((t) => [t, (one<{ n: number }>(`SELECT count(*) AS n FROM ${t}`) ?? { n: 0 }).n]),
  ) as BackupManifest['counts']
  const head = one<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1') ?? null
  return {
    format: 1,
    app_version: APP_VERSION,
    schema: one<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id DESC LIMIT 1')?.id ?? '',
    created_at: createdAt,
    ledger_sha256: sha256(bytes),
    ledger_bytes: bytes.length,
    counts,
    last_settlement_at: one<{ at: string | null }>('SELECT max(created_at) AS at FROM settlements')?.at ?? null,
    audit_head: head,
    data_key_id: dataKeyId,
  }
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')
