import { parseArgs } from 'node:util'
import { nip19 } from 'nostr-tools'
import { parsePubkey } from '../../src-shared/nostr/pubkey'
import { AtmSimulator, FORGERIES, type Forgery } from './atm'
import { AtmNostr } from './nostr'
import { CassettePositions } from '../../src-shared/domain/cassettes'

const USAGE = `satop-atm: plays an ATM's sales against an LNbits (development and tests only)

  node out/main/atm-sim.js sale --lnbits URL --machine-invoice-key K --machine-admin-key K
      --machine-nsec NSEC --operator NPUB|HEX --fiat-code GTQ --customer-admin-key K
      --sats N --fiat MINOR_UNITS [--txid ID] [--discount PERCENT] [--count N]
      [--forge ${FORGERIES.join('|')}]
  node out/main/atm-sim.js cash-in (the same, with --customer-invoice-key K
      instead of --customer-admin-key)

Each sale (a cash-out): an invoice on the machine wallet, paid by the customer's wallet, then
the machine's signed attestation attached to the payment. Each cash-in: an invoice on the
customer's wallet, paid by the machine wallet, attested the same way (direction cash_in).
Prints one JSON line per sale.

  node out/main/atm-sim.js state --relay URL --machine-nsec NSEC --operator NPUB|HEX
      --positions '{"1":{"denomination":20,"count":100}}'
  node out/main/atm-sim.js read --relay URL --machine-nsec NSEC --operator NPUB|HEX
      [--what cassettes|fees]

state publishes the ATM's cassette state to the operator (encrypted to them); read prints what
the operator last sent this ATM, decrypted.`

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      lnbits: { type: 'string' },
      'machine-invoice-key': { type: 'string' },
      'machine-admin-key': { type: 'string' },
      'machine-nsec': { type: 'string' },
      operator: { type: 'string' },
      'fiat-code': { type: 'string' },
      'customer-admin-key': { type: 'string' },
      'customer-invoice-key': { type: 'string' },
      sats: { type: 'string' },
      fiat: { type: 'string' },
      txid: { type: 'string' },
      discount: { type: 'string' },
      count: { type: 'string', default: '1' },
      forge: { type: 'string', default: 'none' },
      relay: { type: 'string' },
      positions: { type: 'string' },
      what: { type: 'string', default: 'cassettes' },
      help: { type: 'boolean' },
    },
  })
  if (values.help || !['sale', 'cash-in', 'state', 'read'].includes(positionals[0] ?? '')) {
    process.stdout.write(USAGE + '\n')
    return values.help ? 0 : 2
  }
  const need = (name: keyof typeof values): string => {
    const v = values[name]
    if (typeof v !== 'string' || !v) throw new Error(`--${name} is required`)
    return v
  }
  const int = (name: keyof typeof values): number => {
    const n = Number(need(name))
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`)
    return n
  }
  const command = positionals[0]
  if (command === 'state' || command === 'read') return nostr(command, need)
  const forge = need('forge') as Forgery
  if (!FORGERIES.includes(forge)) throw new Error(`--forge must be one of ${FORGERIES.join(', ')}`)
  const nsec = nip19.decode(need('machine-nsec'))
  if (nsec.type !== 'nsec') throw new Error('--machine-nsec must be an nsec')
  const operator = parsePubkey(need('operator'))
  if (!operator.ok) throw new Error(`--operator: ${operator.reason}`)
  const atm = new AtmSimulator({
    lnbitsUrl: need('lnbits'),
    machineInvoiceKey: need('machine-invoice-key'),
    machineAdminKey: need('machine-admin-key'),
    machineSecretKey: nsec.data,
    operatorPubkey: operator.hex,
    fiatCode: need('fiat-code').toUpperCase(),
  })
  const count = int('count')
  for (let i = 0; i < count; i++) {
    const terms = {
      sats: int('sats'),
      fiatAmount: int('fiat'),
      txid: values.txid ? (count > 1 ? `${values.txid}-${i + 1}` : values.txid) : undefined,
      discount: values.discount === undefined ? undefined : Number(values.discount),
      forge,
    }
    const sale =
      command === 'cash-in'
        ? await atm.cashIn({ customerInvoiceKey: need('customer-invoice-key'), ...terms })
        : await atm.sale({ customerAdminKey: need('customer-admin-key'), ...terms })
    process.stdout.write(
      JSON.stringify({
        txid: sale.txid,
        direction: command === 'cash-in' ? 'cash_in' : 'cash_out',
        payment_hash: sale.payment_hash,
        attested: sale.attestation !== null,
        forge,
      }) + '\n',
    )
  }
  return 0
}

/** The ATM's Nostr side: publish its cassette state, or read what the operator sent it. */
async function nostr(
  command: 'state' | 'read',
  need: (name: 'relay' | 'machine-nsec' | 'operator' | 'positions' | 'what') => string,
): Promise<number> {
  const nsec = nip19.decode(need('machine-nsec'))
  if (nsec.type !== 'nsec') throw new Error('--machine-nsec must be an nsec')
  const operator = parsePubkey(need('operator'))
  if (!operator.ok) throw new Error(`--operator: ${operator.reason}`)
  const atm = new AtmNostr(nsec.data, operator.hex)
  if (command === 'state') {
    const positions = CassettePositions.safeParse(JSON.parse(need('positions')))
    if (!positions.success)
      throw new Error(`--positions: ${positions.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`)
    const event = atm.stateEvent(positions.data)
    await atm.publish(need('relay'), event)
    process.stdout.write(JSON.stringify({ published: event.id, d: event.tags[0]?.[1] }) + '\n')
    return 0
  }
  const what = need('what')
  if (what !== 'cassettes' && what !== 'fees') throw new Error('--what must be cassettes or fees')
  const got = await atm.read(need('relay'), what)
  process.stdout.write(
    JSON.stringify(got ? { event_id: got.event.id, created_at: got.event.created_at, content: got.content } : null) + '\n',
  )
  return 0
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    process.stderr.write(`satop-atm: ${(e as Error).message}\n`)
    process.exitCode = 1
  },
)
