import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src-main/core/core'
import { translate } from '../../src-shared/messages'
import { machineArgs } from '../support/core'
import { coreAt, ok } from '../support/ledger-fixture'
import { expectRefusalsById, refusedInBoth } from '../support/refusals'
import { tempDir } from '../support/tmp'

// The refusals of backups, the data key, the signer, wallets, relays, cassettes, destination checks
// and ingestion carry their message's id beside the English (docs/i18n.md), built by `refusal`.

const NAMESPACES = ['backup', 'secrets', 'signer', 'wallets', 'relays', 'cassettes', 'destinations', 'ingestion'] as const
const FILES = [
  'backup/store.ts',
  'backup/handlers.ts',
  'secrets/data-key.ts',
  'signer/signer-host.ts',
  'nostr/bunker-signer.ts',
  'wallets/rules.ts',
  'wallets/queries.ts',
  'wallets/handlers.ts',
  'lnbits/keys.ts',
  'relays/handlers.ts',
  'cassettes/rules.ts',
  'destinations/verify.ts',
  'destinations/handlers.ts',
  'ingestion/handlers.ts',
  'ingestion/queries.ts',
].map((f) => `src-main/core/${f}`)

/** Words said as they came from elsewhere (an exception's, LNbits', why the key is locked): the only CommandErrors left. */
const PASSED_ON: Record<string, number> = {
  'src-main/core/backup/store.ts': 1,
  'src-main/core/secrets/data-key.ts': 1,
  'src-main/core/lnbits/keys.ts': 1,
  'src-main/core/destinations/verify.ts': 1,
}

describe('the refusals of backups, secrets, the signer, wallets, relays, cassettes, destinations and ingestion', () => {
  it('go through the helper by ids the catalogs have, and use every message of them', () => {
    // the names of the signer's secrets in the ledger are not messages
    expectRefusalsById({
      files: FILES,
      namespaces: NAMESPACES,
      passedOn: PASSED_ON,
      notMessages: ['signer.local_key', 'signer.bunker_client_key'],
    })
  })
})

describe('real refusals of these domains say their English by id, and Spanish too', () => {
  let dir: ReturnType<typeof tempDir>
  let core: Core
  beforeEach(() => {
    dir = tempDir()
    core = coreAt(dir.path)
  })
  afterEach(async () => {
    await core.close()
    dir.remove()
  })

  const refusedBothWays = (name: string, args: unknown, code: string, id: string) => refusedInBoth(core, name, args, code, id)

  it('a relay listed twice, and one not listed', async () => {
    await ok(core, 'relays.add', { url: 'wss://relay.example.com' })
    const twice = await refusedBothWays('relays.add', { url: 'wss://relay.example.com' }, 'conflict', 'relays.listed')
    expect(twice).toMatchObject({
      message: 'wss://relay.example.com is already in the list.',
      params: { url: 'wss://relay.example.com' },
      issues: [{ path: 'url', message: 'is already in the list', message_id: 'relays.listed.issue' }],
    })
    expect(translate(twice, 'es', '')).toBe('wss://relay.example.com ya está en la lista.')
    const missing = await refusedBothWays('relays.remove', { url: 'wss://other.example.com' }, 'not_found', 'relays.not_found')
    expect(missing.message).toBe('wss://other.example.com is not in the list.')
  })

  it('a key that is not one, and no secret in what is sent', async () => {
    const error = await refusedBothWays(
      'signer.importLocal',
      { key: 'nsec1notakey', passphrase: 'a long passphrase' },
      'invalid_args',
      'signer.key.format',
    )
    expect(error.message).toBe('key must be an nsec (nsec1…) or 64 hex characters')
    expect(error.params).toBeUndefined()
    expect(JSON.stringify(error)).not.toContain('a long passphrase')
  })

  it('a signer already in place, and a bunker address without a relay', async () => {
    const bad = await refusedBothWays(
      'signer.connectBunker',
      { uri: `bunker://${'ab'.repeat(32)}?secret=s3cret` },
      'invalid_args',
      'signer.bunker.format',
    )
    expect(bad.message).toBe('uri must be bunker://<64 hex>?relay=wss://… (with at least one relay)')
    expect(JSON.stringify(bad)).not.toContain('s3cret')
    await ok(core, 'signer.createLocal', { passphrase: 'a long passphrase' })
    const already = await refusedBothWays(
      'signer.connectBunker',
      { uri: `bunker://${'ab'.repeat(32)}?relay=wss://r.example.com` },
      'conflict',
      'signer.already.local',
    )
    expect(already.message).toBe("A local key is already the operator's signer; disconnect it first (signer.disconnect).")
    expect(translate(already, 'es', '')).toBe('Una clave local ya es el firmante del operador; desconéctela primero (signer.disconnect).')
    const forget = await refusedBothWays('signer.disconnect', {}, 'conflict', 'signer.disconnect.forget')
    expect(forget.issues).toEqual([
      { path: 'forget_local_key', message: 'must be true to delete the local key', message_id: 'signer.disconnect.forget.issue' },
    ])
  })

  it('cassettes of an ATM that has not reported them', async () => {
    const m = await ok(core, 'machines.create', machineArgs({ name: 'Lobby ATM' }))
    const error = await refusedBothWays('cassettes.publish', { machine_id: m.id, positions: {} }, 'conflict', 'cassettes.not_reported')
    expect(error).toMatchObject({
      message: 'Waiting for the ATM: "Lobby ATM" has not reported its cassettes yet. They appear here once it does.',
      params: { name: 'Lobby ATM' },
    })
    expect(translate(error, 'es', '')).toBe(
      'Esperando al cajero: "Lobby ATM" aún no ha reportado sus casetes. Aparecerán aquí en cuanto lo haga.',
    )
  })

  it('an LP with no destination to verify, an unknown wallet, an unknown unattributed payment', async () => {
    const m = await ok(core, 'machines.create', machineArgs())
    const lp = await ok(core, 'clients.create', { machine_id: m.id, name: 'Ana' })
    const none = await refusedBothWays('destinations.verify', { client_id: lp.id }, 'conflict', 'destinations.no_destination')
    expect(none.message).toBe('LP "Ana" has no payout destination to verify.')
    const wallet = await refusedBothWays('wallets.test', { id: 'nope' }, 'not_found', 'wallets.not_found')
    expect(wallet.message).toBe('No wallet binding with id nope.')
    const hash = 'ab'.repeat(32)
    const payment = await refusedBothWays(
      'unattributed.dismiss',
      { payment_hash: hash, reason: 'a test' },
      'not_found',
      'ingestion.not_found',
    )
    expect(payment).toMatchObject({
      message: `No unattributed payment with hash ${hash}.`,
      issues: [{ path: 'payment_hash', message: 'is not an unattributed payment', message_id: 'ingestion.not_found.issue' }],
    })
  })

  it('a backup file over an existing file', async () => {
    const path = join(dir.path, 'taken.satbackup')
    writeFileSync(path, 'something')
    const error = await refusedBothWays(
      'backup.create',
      { to_file: path, passphrase: 'a long enough passphrase' },
      'conflict',
      'backup.file.exists',
    )
    expect(error).toMatchObject({
      message: `${path} already exists: choose a new file name (a backup never overwrites a file).`,
      params: { path },
      issues: [{ path: 'to_file', message: 'already exists', message_id: 'backup.file.exists.issue' }],
    })
    expect(JSON.stringify(error)).not.toContain('a long enough passphrase')
  })
})
