import type { Kysely } from 'kysely'
import { APP_EVENT_KIND } from '../../../src-shared/nostr/kinds'
import { randomBytes } from 'node:crypto'
import { createNostrConnectURI } from 'nostr-tools/nip46'
import { getPublicKey, generateSecretKey } from 'nostr-tools/pure'
import { decode as nip19Decode, npubEncode } from 'nostr-tools/nip19'
import { refusal, refusalIssue } from '../../../src-shared/messages/refuse'
import type { PushEvent } from '../../../src-shared/contract/events'
import type { SignerStatus } from '../../../src-shared/domain/signer'
import { appendAudit } from '../audit/log'
import type { Database } from '../ledger/schema'
import { inWriteTransaction } from '../ledger/transaction'
import type { SecretBox } from '../secrets/box'
import { SecretsLocked } from '../secrets/data-key'
import type { KeyProtector } from '../secrets/keychain'
import { readSetting, SETTING, writeSetting } from '../settings/store'
import { checkNotAMachineKey } from '../machines/rules'
import { BunkerClient, parseBunkerUri } from '../nostr/bunker-signer'
import { LocalSigner } from '../nostr/local-signer'
import { decryptKey, encryptKey, WrongPassphrase } from '../nostr/nip49'
import { SignerError, type Signer } from '../nostr/signer'

export type { KeyProtector } from '../secrets/keychain'

export interface SignerHostDeps {
  db: Kysely<Database>
  secrets: SecretBox
  keyProtector?: KeyProtector
  now(): string
  /** per NIP-46 request */
  bunkerTimeoutMs: number
  /** log_n of NIP-49's scrypt (16 in the app; tests may lower it) */
  nip49LogN: number
  emit(event: PushEvent): void
  /** how long a nostrconnect:// offer stays open */
  pairingWaitMs: number
}

export const LOCAL_KEY = 'signer.local_key'
const BUNKER_CLIENT_KEY = 'signer.bunker_client_key'
type Mode = 'none' | 'local' | 'bunker'
interface BunkerConfig {
  pubkey: string
  relays: string[]
}

/**
 * Which signer the operator uses, kept across restarts, and the one live instance of it in
 * this process. The secret key exists only inside LocalSigner while unlocked; at rest it is
 * protected by the OS keychain when there is one, else by NIP-49 with the operator's passphrase.
 */
export class SignerHost {
  private active: Signer | null = null
  private pairing: { uri: string; expires_at: string; abort: AbortController } | null = null
  private pairingError: string | null = null
  private authUrl: string | null = null

  constructor(private readonly deps: SignerHostDeps) {}

  async status(): Promise<SignerStatus> {
    const mode = await this.mode()
    const pubkey = (await readSetting<string>(this.deps.db, SETTING.operatorPubkey)) ?? null
    const row = await this.deps.db.selectFrom('secrets').select('scheme').where('name', '=', LOCAL_KEY).executeTakeFirst()
    const bunker = mode === 'bunker' ? ((await readSetting<BunkerConfig>(this.deps.db, SETTING.signerBunker)) ?? null) : null
    return {
      mode,
      pubkey: mode === 'none' ? null : pubkey,
      npub: mode === 'none' || !pubkey ? null : npubEncode(pubkey),
      ready: this.active !== null,
      protection: mode === 'local' && row ? (row.scheme === 'os' ? 'os' : 'passphrase') : null,
      bunker,
      pairing: this.pairing ? { uri: this.pairing.uri, expires_at: this.pairing.expires_at } : null,
      pairing_error: this.pairingError,
      auth_url: this.authUrl,
    }
  }

  /** The signer to use now; a transient error when there is none or it is locked (callers queue and retry). */
  async signer(): Promise<Signer> {
    // A bunker that stopped answering may have lost its relay connection: connect afresh.
    if (this.active instanceof BunkerClient && !this.active.healthy) await this.close()
    if (this.active) return this.active
    const mode = await this.mode()
    if (mode === 'none')
      throw new SignerError('transient', 'No signer is set up: create or import a key, or connect a bunker (Settings → Signer).')
    if (mode === 'local') {
      if (await this.unlockWithKeychain()) return this.active!
      throw new SignerError('transient', 'The signer is locked: unlock it with your passphrase (Settings → Signer).')
    }
    return this.connectStoredBunker()
  }

  async createLocal(passphrase: string | undefined, actor: string): Promise<SignerStatus> {
    return this.storeLocal(generateSecretKey(), passphrase, actor, 'signer.createLocal')
  }

  async importLocal(key: string, passphrase: string | undefined, actor: string): Promise<SignerStatus> {
    return this.storeLocal(parseSecretKey(key), passphrase, actor, 'signer.importLocal')
  }

  async unlock(passphrase: string): Promise<SignerStatus> {
    const row = await this.deps.db.selectFrom('secrets').selectAll().where('name', '=', LOCAL_KEY).executeTakeFirst()
    if (!row) throw refusal('conflict', 'signer.unlock.no_key')
    if (row.scheme === 'os') {
      if (!(await this.unlockWithKeychain())) throw refusal('unavailable', 'signer.unlock.no_keychain')
      return this.status()
    }
    try {
      this.activate(new LocalSigner(await decryptKey(row.ciphertext.toString('utf8'), passphrase)))
    } catch (e) {
      // WrongPassphrase says 'The passphrase does not open this key.', the message's English
      if (e instanceof WrongPassphrase)
        throw refusal('invalid_args', 'signer.unlock.wrong_passphrase', undefined, [
          refusalIssue('passphrase', 'signer.unlock.wrong_passphrase.issue'),
        ])
      throw e
    }
    return this.status()
  }

  async connectBunker(uri: string, actor: string): Promise<SignerStatus> {
    await this.requireNone()
    const pointer = parseBunkerUri(uri)
    const clientKey = generateSecretKey()
    const client = await BunkerClient.connect(clientKey, pointer, this.deps.bunkerTimeoutMs, this.onauth)
    await this.storeBunker(client, clientKey, pointer, actor)
    return this.status()
  }

  /**
   * Offers a nostrconnect:// pairing (shown as a QR code for the phone's signer app) and waits
   * for it in the background; signer.changed says when it is done. A new offer cancels the old.
   */
  async offerPairing(relays: string[], actor: string): Promise<SignerStatus> {
    await this.requireNone()
    this.pairing?.abort.abort()
    const clientKey = generateSecretKey()
    const uri = createNostrConnectURI({
      clientPubkey: getPublicKey(clientKey),
      relays,
      secret: randomBytes(16).toString('hex'),
      name: 'SatMachine Operator',
      perms: [`sign_event:${APP_EVENT_KIND}`, 'nip44_encrypt', 'nip44_decrypt'],
    })
    const abort = new AbortController()
    const offer = { uri, expires_at: new Date(Date.parse(this.deps.now()) + this.deps.pairingWaitMs).toISOString(), abort }
    this.pairing = offer
    this.pairingError = null
    void BunkerClient.pair(clientKey, uri, this.deps.bunkerTimeoutMs, this.deps.pairingWaitMs, abort.signal, this.onauth)
      .then(async ({ client, pointer }) => {
        if (this.pairing !== offer) return client.close() // superseded meanwhile
        await this.storeBunker(client, clientKey, { ...pointer, relays }, actor)
      })
      .catch((e: unknown) => {
        if (this.pairing === offer) this.pairingError = (e as Error).message
      })
      .finally(() => {
        if (this.pairing === offer) this.pairing = null
        void this.announce()
      })
    return this.status()
  }

  private readonly onauth = (url: string) => {
    this.authUrl = url
    void this.announce()
  }

  private async announce(): Promise<void> {
    // A pairing given up as the core closes ends after the ledger did: there is no one to tell.
    if (this.closed) return
    const s = await this.status()
    this.deps.emit({ name: 'signer.changed', payload: { mode: s.mode, ready: s.ready } })
  }

  private async storeBunker(
    client: BunkerClient,
    clientKey: Uint8Array,
    pointer: { pubkey: string; relays: string[] },
    actor: string,
  ): Promise<void> {
    const pubkey = await client.getPublicKey()
    const now = this.deps.now()
    const config: BunkerConfig = { pubkey: pointer.pubkey, relays: pointer.relays }
    await inWriteTransaction(this.deps.db, async (trx) => {
      await trx
        .insertInto('secrets')
        .values({
          name: BUNKER_CLIENT_KEY,
          scheme: 'data-key',
          ciphertext: this.deps.secrets.seal(Buffer.from(clientKey).toString('hex')),
          updated_at: now,
        })
        .execute()
      await writeSetting(trx, SETTING.signerBunker, config, now)
      await writeSetting(trx, SETTING.signerMode, 'bunker', now)
      await checkNotAMachineKey(trx, pubkey, 'operator')
      await writeSetting(trx, SETTING.operatorPubkey, pubkey, now)
      await appendAudit(trx, now, {
        actor,
        command: 'signer.connectBunker',
        entity: 'signer',
        entity_id: 'operator',
        before: null,
        after: { mode: 'bunker', pubkey, bunker: config },
      })
    })
    this.authUrl = null
    this.activate(client)
  }

  async disconnect(forgetLocalKey: boolean, actor: string): Promise<SignerStatus> {
    const mode = await this.mode()
    if (mode === 'local' && !forgetLocalKey) {
      throw refusal('conflict', 'signer.disconnect.forget', undefined, [refusalIssue('forget_local_key', 'signer.disconnect.forget.issue')])
    }
    const now = this.deps.now()
    const before = await this.status()
    await inWriteTransaction(this.deps.db, async (trx) => {
      await trx.deleteFrom('secrets').where('name', 'in', [LOCAL_KEY, BUNKER_CLIENT_KEY]).execute()
      await trx.deleteFrom('settings').where('key', '=', SETTING.signerBunker).execute()
      await writeSetting(trx, SETTING.signerMode, 'none', now)
      await appendAudit(trx, now, {
        actor,
        command: 'signer.disconnect',
        entity: 'signer',
        entity_id: 'operator',
        before: { mode: before.mode, pubkey: before.pubkey },
        after: { mode: 'none' },
      })
    })
    await this.close()
    return this.status()
  }

  private closed = false

  async close(): Promise<void> {
    this.closed = true
    this.pairing?.abort.abort()
    this.pairing = null
    const s = this.active
    this.active = null
    await s?.close()
  }

  private activate(s: Signer): void {
    const old = this.active
    this.active = s
    if (s instanceof BunkerClient) {
      s.onAnswered = () => {
        if (!this.authUrl) return
        this.authUrl = null
        void this.announce()
      }
    }
    void old?.close()
  }

  private async mode(): Promise<Mode> {
    return (await readSetting<Mode>(this.deps.db, SETTING.signerMode)) ?? 'none'
  }

  private async requireNone(): Promise<void> {
    const mode = await this.mode()
    if (mode !== 'none') throw refusal('conflict', mode === 'local' ? 'signer.already.local' : 'signer.already.bunker')
  }

  private async storeLocal(secret: Uint8Array, passphrase: string | undefined, actor: string, command: string): Promise<SignerStatus> {
    await this.requireNone()
    const keychain = this.deps.keyProtector?.available() ? this.deps.keyProtector : undefined
    if (!passphrase && !keychain) {
      throw refusal('invalid_args', 'signer.passphrase.required', undefined, [
        refusalIssue('passphrase', 'signer.passphrase.required.issue'),
      ])
    }
    const hex = Buffer.from(secret).toString('hex')
    // A passphrase, when given, wins: the key then opens anywhere (also from the CLI).
    const stored = passphrase
      ? { scheme: 'nip49', ciphertext: Buffer.from(await encryptKey(secret, passphrase, this.deps.nip49LogN), 'utf8') }
      : { scheme: 'os', ciphertext: await keychain!.encrypt(hex) }
    const pubkey = getPublicKey(secret)
    const now = this.deps.now()
    await inWriteTransaction(this.deps.db, async (trx) => {
      await trx
        .insertInto('secrets')
        .values({ name: LOCAL_KEY, ...stored, updated_at: now })
        .execute()
      await writeSetting(trx, SETTING.signerMode, 'local', now)
      await checkNotAMachineKey(trx, pubkey, 'operator')
      await writeSetting(trx, SETTING.operatorPubkey, pubkey, now)
      await appendAudit(trx, now, {
        actor,
        command,
        entity: 'signer',
        entity_id: 'operator',
        before: null,
        after: { mode: 'local', pubkey, protection: stored.scheme === 'os' ? 'os' : 'passphrase' },
      })
    })
    this.activate(new LocalSigner(secret))
    secret.fill(0)
    return this.status()
  }

  private async unlockWithKeychain(): Promise<boolean> {
    const row = await this.deps.db.selectFrom('secrets').selectAll().where('name', '=', LOCAL_KEY).executeTakeFirst()
    if (row?.scheme !== 'os' || !this.deps.keyProtector?.available()) return false
    this.activate(new LocalSigner(Buffer.from(await this.deps.keyProtector.decrypt(row.ciphertext), 'hex')))
    return true
  }

  private async connectStoredBunker(): Promise<Signer> {
    const config = await readSetting<BunkerConfig>(this.deps.db, SETTING.signerBunker)
    const row = await this.deps.db.selectFrom('secrets').selectAll().where('name', '=', BUNKER_CLIENT_KEY).executeTakeFirst()
    if (!config || !row) throw new SignerError('permanent', 'The bunker settings are incomplete: connect the bunker again.')
    let sealedOpen: string
    try {
      sealedOpen = this.deps.secrets.open(row.ciphertext)
    } catch (e) {
      // The bunker's pairing key waits for the data key: what needs signing is retried, not refused.
      if (e instanceof SecretsLocked) throw new SignerError('transient', e.message)
      throw e
    }
    const clientKey = Uint8Array.from(Buffer.from(sealedOpen, 'hex'))
    const client = await BunkerClient.connect(
      clientKey,
      { pubkey: config.pubkey, relays: config.relays, secret: null },
      this.deps.bunkerTimeoutMs,
      this.onauth,
    )
    this.activate(client)
    return client
  }
}

/** nsec1… or 64 hex characters. */
export function parseSecretKey(input: string): Uint8Array {
  const s = input.trim()
  if (/^[0-9a-f]{64}$/i.test(s)) return Uint8Array.from(Buffer.from(s, 'hex'))
  try {
    const d = nip19Decode(s)
    if (d.type === 'nsec') return d.data
  } catch {
    // fall through to the typed refusal
  }
  throw refusal('invalid_args', 'signer.key.format', undefined, [refusalIssue('key', 'signer.key.format.issue')])
}
