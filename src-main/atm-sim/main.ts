import { parseArgs } from 'node:util'
import { nip19 } from 'nostr-tools'
import { parsePubkey } from '../../src-shared/nostr/pubkey'
import { AtmSimulator, FORGERIES, type Forgery } from './atm'

const USAGE = `satop-atm: plays an ATM's cash-out sales against an LNbits (development and tests only)

  node out/main/atm-sim.js sale --lnbits URL --machine-invoice-key K --machine-admin-key K
      --machine-nsec NSEC --operator NPUB|HEX --fiat-code GTQ --customer-admin-key K
      --sats N --fiat MINOR_UNITS [--txid ID] [--discount PERCENT] [--count N]
      [--forge ${FORGERIES.join('|')}]

Each sale: an invoice on the machine wallet, paid by the customer's wallet, then the
machine's signed attestation attached to the payment. Prints one JSON line per sale.`

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
      sats: { type: 'string' },
      fiat: { type: 'string' },
      txid: { type: 'string' },
      discount: { type: 'string' },
      count: { type: 'string', default: '1' },
      forge: { type: 'string', default: 'none' },
      help: { type: 'boolean' },
    },
  })
  if (values.help || positionals[0] !== 'sale') {
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
    const sale = await atm.sale({
      customerAdminKey: need('customer-admin-key'),
      sats: int('sats'),
      fiatAmount: int('fiat'),
      txid: values.txid ? (count > 1 ? `${values.txid}-${i + 1}` : values.txid) : undefined,
      discount: values.discount === undefined ? undefined : Number(values.discount),
      forge,
    })
    process.stdout.write(JSON.stringify({ txid: sale.txid, payment_hash: sale.payment_hash, attested: sale.attestation !== null, forge }) + '\n')
  }
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
