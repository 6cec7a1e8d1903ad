import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import BetterSqlite3 from 'better-sqlite3'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { generateSecretKey, getPublicKey, type Event } from 'nostr-tools/pure'
import * as nip44 from 'nostr-tools/nip44'
import type { Core } from '../../src-main/core/core'
import { connectRelay } from '../../src-main/core/nostr/pool'
import { BACKUP_DIR } from '../../src-main/core/backup/store'
import { SETTING } from '../../src-main/core/settings/store'
import { machineArgs } from '../support/core'
import { coreAt, ok, testClock } from '../support/ledger-fixture'
import { RelayPeer } from '../support/relay'
import { tempDir } from '../support/tmp'

// Scenario: audit rows deleted from the end by someone who also rewrote the head the ledger
// keeps, so nothing in the file shows the cut. The head the app published to its own relay
// (docs/wire-formats.md#audit-head), signed with the operator's key, still does.
let relay: RelayPeer
const dir = tempDir('satop-audit-head-')
const clock = testClock(Date.now())
const operatorKey = generateSecretKey()
const operator = getPublicKey(operatorKey)
const PASSPHRASE = 'correct horse battery'
let core: Core

const open = () => coreAt(dir.path, { clock: clock.now, nip49LogN: 8, relayTimeoutMs: 3_000 })

beforeAll(async () => {
  relay = await RelayPeer.start()
  core = open()
  await ok(core, 'relays.add', { url: relay.url })
  await ok(core, 'signer.importLocal', { key: Buffer.from(operatorKey).toString('hex'), passphrase: PASSPHRASE })
}, 30_000)

afterAll(async () => {
  await core?.close()
  await relay?.destroy()
  dir.remove()
})

/** What the relay holds under the operator's key for audit heads, each opened with the operator's key. */
async function headsOnRelay(key = operatorKey): Promise<{ event: Event; content: { v: number; seq: number; hash: string } }[]> {
  const author = getPublicKey(key)
  const r = await connectRelay(relay.url, 2_000)
  try {
    const events = await new Promise<Event[]>((resolve) => {
      const got: Event[] = []
      const sub = r.subscribe([{ kinds: [30078], authors: [author] }], {
        onevent: (e) => void got.push(e),
        oneose: () => {
          sub.close()
          resolve(got)
        },
      })
    })
    return events
      .filter((e) => e.tags[0]?.[1]?.startsWith('satmachine-audit-head:'))
      .map((event) => ({
        event,
        content: JSON.parse(nip44.v2.decrypt(event.content, nip44.v2.utils.getConversationKey(key, author))),
      }))
  } finally {
    r.close()
  }
}

function ledgerFile<T>(fn: (db: BetterSqlite3.Database) => T, folder = dir.path): T {
  const db = new BetterSqlite3(join(folder, 'ledger.sqlite'))
  try {
    return fn(db)
  } finally {
    db.close()
  }
}

const keptHead = (folder = dir.path) =>
  ledgerFile(
    (db) =>
      JSON.parse((db.prepare('SELECT value_json FROM settings WHERE key = ?').get(SETTING.auditHead) as { value_json: string }).value_json),
    folder,
  )

describe('the audit head on the operator’s relays', () => {
  it('is published encrypted to the operator, at most every half hour while the log grows, and read back', async () => {
    const m = await ok(core, 'machines.create', machineArgs())
    // the round reads the relay first (nothing there yet), then publishes
    expect((await ok(core, 'sync.run', {})).audit_head).toEqual({ queued: true, held: false, seq: null, errors: [] })
    const [published] = await headsOnRelay()
    if (!published) throw new Error('no audit head on the relay')
    const ledgerId = ledgerFile(
      (db) => (db.prepare('SELECT value_json FROM settings WHERE key = ?').get(SETTING.ledgerId) as { value_json: string }).value_json,
    )
    expect(published.event.tags).toEqual([
      ['d', `satmachine-audit-head:${JSON.parse(ledgerId)}`],
      ['p', operator],
    ])
    expect(() => nip44.v2.decrypt(published.event.content, nip44.v2.utils.getConversationKey(generateSecretKey(), operator))).toThrow() // only the operator can read it
    expect(published.content).toEqual({ v: 1, ...keptHead() })

    // the log grows: read back, but not published again within the half hour; then the newer head replaces it
    await ok(core, 'machines.update', { id: m.id, name: 'Cajero Zona 1' })
    expect((await ok(core, 'sync.run', {})).audit_head).toEqual({ queued: false, held: false, seq: published.content.seq, errors: [] })
    clock.advanceMinutes(31)
    await ok(core, 'machines.update', { id: m.id, name: 'Cajero Zona 10' })
    expect((await ok(core, 'sync.run', {})).audit_head.queued).toBe(true)
    const now = await headsOnRelay()
    expect(now).toHaveLength(1) // addressable: the relay keeps the newest only
    expect(now[0]!.content).toEqual({ v: 1, ...keptHead() })
    expect(await ok(core, 'audit.verify', {})).toMatchObject({ intact: true, relay_head: { seq: keptHead().seq }, relay_errors: [] })
  }, 60_000)

  it('a restore replaces the chain on purpose: heads published before it are not held against it, and the restored ledger publishes its own', async () => {
    const backup = await ok(core, 'backup.create', {})
    const m = await ok(core, 'machines.create', machineArgs({ name: 'Cajero Antigua' }))
    clock.advanceMinutes(31)
    await ok(core, 'sync.run', {})
    const beforeRestore = (await headsOnRelay())[0]!.content
    expect(beforeRestore.seq).toBeGreaterThan(backup.manifest.audit_head!.seq) // the relay knows rows the backup lacks
    const inspected = await ok(core, 'backup.inspect', { backup_id: backup.id! })
    await ok(core, 'backup.restore', { backup_id: backup.id!, ledger_sha256: inspected.manifest.ledger_sha256 })
    expect(await ok(core, 'machines.list', {})).not.toContainEqual(expect.objectContaining({ id: m.id }))
    await ok(core, 'signer.unlock', { passphrase: PASSPHRASE }) // the restored ledger's key starts locked
    expect(await ok(core, 'audit.verify', {})).toMatchObject({
      intact: true,
      relay_head: { seq: beforeRestore.seq },
      relay_errors: [],
      not_checked: [{ seq: beforeRestore.seq, known_from: expect.stringContaining('relays'), reason: expect.stringContaining('restore') }],
    })
    clock.advanceMinutes(31)
    expect((await ok(core, 'sync.run', {})).audit_head.queued).toBe(true)
    expect((await headsOnRelay())[0]!.content).toEqual({ v: 1, ...keptHead() })
    expect((await ok(core, 'health.get', {})).checks.find((c) => c.id === 'audit')).toMatchObject({ state: 'ok' })
  }, 60_000)

  it('catches rows cut from the end when everything in the file that knew the head was rewritten, and never publishes over the evidence', async () => {
    const onRelay = (await headsOnRelay())[0]!.content
    await core.close()
    // behind the app's back: the newest rows go; the kept head is moved back to match; the copy of
    // the relay's head and the outbox's past heads are wiped; the backups (which hold heads too)
    // are deleted; and an intent for the cut chain's head is slipped into the outbox
    rmSync(join(dir.path, BACKUP_DIR), { recursive: true, force: true })
    const planted = ledgerFile((db) => {
      db.exec('DROP TRIGGER audit_log_append_only_delete')
      db.prepare('DELETE FROM audit_log WHERE seq >= ?').run(onRelay.seq - 1)
      const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string }
      db.prepare('UPDATE settings SET value_json = ? WHERE key = ?').run(JSON.stringify(last), SETTING.auditHead)
      db.prepare('DELETE FROM settings WHERE key IN (?, ?)').run(SETTING.auditCut, SETTING.auditRelayHead)
      const dTag = db.prepare("SELECT d_tag FROM outbox WHERE d_tag LIKE 'satmachine-audit-head:%' LIMIT 1").get() as { d_tag: string }
      db.prepare(
        "DELETE FROM outbox_relay_status WHERE outbox_id IN (SELECT id FROM outbox WHERE d_tag LIKE 'satmachine-audit-head:%')",
      ).run()
      db.prepare("DELETE FROM outbox WHERE d_tag LIKE 'satmachine-audit-head:%'").run()
      const at = clock.now().toISOString()
      db.prepare(
        `INSERT INTO outbox (id, d_tag, kind, recipient_pubkey, content_json, encrypt, status, created_at, updated_at)
         VALUES ('planted', ?, 30078, ?, ?, 1, 'intent', ?, ?)`,
      ).run(dTag.d_tag, operator, JSON.stringify({ v: 1, ...last }), at, at)
      return last
    })
    core = open()
    // locked in the new process: the relay's head cannot be opened; the round holds the planted head back, and the verdict says why it is partial
    expect((await ok(core, 'sync.run', {})).audit_head).toMatchObject({
      queued: false,
      held: true,
      errors: [expect.stringContaining('cannot be read')],
    })
    expect((await headsOnRelay())[0]!.content).toEqual(onRelay)
    expect((await ok(core, 'audit.verify', {})).relay_errors).toEqual([expect.stringContaining('cannot be read')])

    await ok(core, 'signer.unlock', { passphrase: PASSPHRASE })
    const verdict = await ok(core, 'audit.verify', {})
    expect(verdict).toMatchObject({
      intact: false,
      broken_at: null,
      cut_short: { known_seq: onRelay.seq, known_hash: onRelay.hash, known_from: expect.stringContaining('relays') },
      relay_head: { seq: onRelay.seq },
    })
    expect(planted.seq).toBeLessThan(onRelay.seq)
    // the next round withdraws the planted head instead of sending it, and the health check shows the cut
    expect((await ok(core, 'sync.run', {})).audit_head).toMatchObject({ queued: false, held: true, seq: onRelay.seq })
    expect(await ok(core, 'outbox.list', {})).toContainEqual(expect.objectContaining({ id: 'planted', status: 'superseded' }))
    const audit = (await ok(core, 'health.get', {})).checks.find((c) => c.id === 'audit')
    expect(audit).toMatchObject({ state: 'problem', detail: expect.stringContaining(`entry ${onRelay.seq}`) })
    // however long it runs on, the cut chain's head is never published over the evidence
    clock.advanceMinutes(31)
    await ok(core, 'settings.update', { alert_leg_minutes: 20 })
    expect((await ok(core, 'sync.run', {})).audit_head).toMatchObject({ queued: false, held: true, seq: onRelay.seq })
    expect((await headsOnRelay())[0]!.content).toEqual(onRelay)
  }, 60_000)

  it('with the relay away, verifies against the copy of its head the ledger kept, and says the relay could not be read', async () => {
    const onRelay = (await headsOnRelay())[0]!.content
    await relay.stop()
    try {
      const verdict = await ok(core, 'audit.verify', {})
      expect(verdict).toMatchObject({ relay_head: null, relay_errors: [expect.stringContaining(relay.url)] })
      expect(verdict).toMatchObject({ intact: false, cut_short: { known_seq: onRelay.seq, known_from: expect.stringContaining('relays') } })
    } finally {
      await relay.start()
    }
  }, 60_000)

  it('a ledger whose name was changed does not lose sight of its old head: audit.verify lists the heads of other ledgers under the key', async () => {
    const [before] = await headsOnRelay()
    clock.advanceMinutes(2) // past the backoff the relay's absence left
    expect((await ok(core, 'audit.verify', {})).relay_head).toMatchObject({ seq: before!.content.seq })
    ledgerFile((db) => db.prepare('DELETE FROM settings WHERE key = ?').run(SETTING.ledgerId))
    const verdict = await ok(core, 'audit.verify', {})
    expect(verdict).toMatchObject({ relay_head: null, relay_errors: [] })
    expect(verdict.other_ledgers).toEqual([
      { ledger_id: before!.event.tags[0]![1]!.slice('satmachine-audit-head:'.length), published_at: expect.any(String) },
    ])
  }, 60_000)

  it('with one relay of two away, nothing of the audit head is queued, signed or sent until both answer again', async () => {
    const second = await RelayPeer.start()
    const folder = tempDir('satop-audit-head-2-')
    const key = generateSecretKey()
    const app = coreAt(folder.path, { clock: clock.now, nip49LogN: 8, relayTimeoutMs: 3_000 })
    try {
      for (const url of [relay.url, second.url]) await ok(app, 'relays.add', { url })
      await ok(app, 'signer.importLocal', { key: Buffer.from(key).toString('hex'), passphrase: PASSPHRASE })
      clock.advanceMinutes(31)
      expect((await ok(app, 'sync.run', {})).audit_head).toMatchObject({ queued: true, held: false })
      const sent = (await headsOnRelay(key))[0]!.content
      expect(sent).toEqual({ v: 1, ...keptHead(folder.path) })
      await second.stop()
      // a head waiting in the outbox (as one queued before the relay went away would)
      await ok(app, 'settings.update', { alert_leg_minutes: 30 })
      const waiting = keptHead(folder.path)
      ledgerFile((db) => {
        const d = db.prepare("SELECT d_tag FROM outbox WHERE d_tag LIKE 'satmachine-audit-head:%' LIMIT 1").get() as { d_tag: string }
        const at = clock.now().toISOString()
        db.prepare(
          `INSERT INTO outbox (id, d_tag, kind, recipient_pubkey, content_json, encrypt, status, created_at, updated_at)
           VALUES ('waiting', ?, 30078, ?, ?, 1, 'intent', ?, ?)`,
        ).run(d.d_tag, getPublicKey(key), JSON.stringify({ v: 1, ...waiting }), at, at)
      }, folder.path)
      clock.advanceMinutes(31)
      expect((await ok(app, 'sync.run', {})).audit_head).toMatchObject({
        queued: false,
        held: true,
        errors: [expect.stringContaining(second.url)],
      })
      expect(await ok(app, 'outbox.list', {})).toContainEqual(expect.objectContaining({ id: 'waiting', status: 'intent' }))
      expect((await headsOnRelay(key))[0]!.content).toEqual(sent)
      await second.start()
      clock.advanceMinutes(2) // past its backoff
      expect((await ok(app, 'sync.run', {})).audit_head).toMatchObject({ held: false })
      expect((await headsOnRelay(key))[0]!.content).toEqual({ v: 1, ...waiting })
    } finally {
      await app.close()
      await second.destroy()
      folder.remove()
    }
  }, 60_000)
})
