import type { z } from 'zod'
import { MachineCreateArgs, MachineDeactivateArgs, MachineGetArgs, MachineListArgs, MachineUpdateArgs, type Machine } from '../domain/machine'
import { ClientCreateArgs, ClientIdArgs, ClientListArgs, ClientSettleArgs, ClientUpdateArgs, type Client, type ClientBalance } from '../domain/client'
import { DepositCreateArgs, DepositIdArgs, DepositListArgs, DepositSetStatusArgs, DepositUpdateArgs, type Deposit } from '../domain/deposit'
import { SplitsClearArgs, SplitsGetArgs, SplitsReplaceArgs, type SplitRuleset } from '../domain/splits'
import { SuperConfigUpdateArgs, type SuperConfig } from '../domain/super-config'
import {
  PaymentListArgs,
  SettlementForceResetArgs,
  SettlementIdArgs,
  SettlementListArgs,
  SettlementNoteArgs,
  SettlementPartialDispenseArgs,
  SettlementProcessArgs,
  SettlementRecordArgs,
  SettlementStuckArgs,
  type Leg,
  type ProcessResult,
  type Settlement,
  type SettlementDetail,
  type SettlementPreview,
  type StuckSettlements,
} from '../domain/settlement'
import { WalletBindArgs, WalletIdArgs, WalletListArgs, WalletRotateArgs, type WalletBinding, type WalletTest } from '../domain/wallet'
import { ProcessingPauseArgs, ProcessingResumeArgs, ProcessingStatusArgs, type ProcessingStatus } from '../domain/processing'
import { DestinationVerifyArgs, type DestinationCheck } from '../domain/verify'
import { AuditListArgs, AuditVerifyArgs, type AuditRow, type AuditVerification } from '../domain/audit'
import { CassettesListArgs, CassettesPublishArgs, type CassetteRow } from '../domain/cassettes'
import { OutboxListArgs, RelayAddArgs, RelayListArgs, RelayRemoveArgs, type OutboxItem, type RelayEntry } from '../domain/relays'
import {
  SignerConnectBunkerArgs,
  SignerCreateLocalArgs,
  SignerDisconnectArgs,
  SignerImportLocalArgs,
  SignerStatusArgs,
  SignerUnlockArgs,
  type SignerStatus,
} from '../domain/signer'
import {
  SyncRunArgs,
  SyncStatusArgs,
  UnattributedAttributeArgs,
  UnattributedDismissArgs,
  UnattributedListArgs,
  type SyncResult,
  type SyncStatus,
  type UnattributedPayment,
} from '../domain/ingestion'
import { z as zod } from 'zod'

const NoArgs = zod.strictObject({})

/**
 * The command contract: every operation the UI, the CLI and scripts can ask of the core.
 * Names follow DESIGN §9. Args are zod schemas (validated by the core on every call);
 * results are typed here and produced by the one implementation table in src-main/core.
 */
export const commandSpecs = {
  'machines.create': { args: MachineCreateArgs, mutates: true, summary: 'Add an ATM to the ledger' },
  'machines.list': { args: MachineListArgs, mutates: false, summary: 'List machines, oldest first, a page at a time' },
  'machines.get': { args: MachineGetArgs, mutates: false, summary: 'One machine by id' },
  'machines.update': { args: MachineUpdateArgs, mutates: true, summary: 'Change some fields of a machine (fee cap checked on the result)' },
  'machines.deactivate': { args: MachineDeactivateArgs, mutates: true, summary: 'Stop using a machine; its history stays' },

  'clients.create': { args: ClientCreateArgs, mutates: true, summary: 'Add an LP to a machine' },
  'clients.list': { args: ClientListArgs, mutates: false, summary: 'List LPs, all or of one machine' },
  'clients.get': { args: ClientIdArgs, mutates: false, summary: 'One LP' },
  'clients.update': { args: ClientUpdateArgs, mutates: true, summary: "Change an LP's name, destination, key or status" },
  'clients.delete': { args: ClientIdArgs, mutates: true, summary: 'Remove an LP that has no deposits or payments' },
  'clients.balance': { args: ClientIdArgs, mutates: false, summary: "An LP's deposits, DCA received, remaining fiat and cost basis" },
  'clients.settle': { args: ClientSettleArgs, mutates: true, summary: "Pay out an LP's remaining fiat in sats at your rate, from a funding wallet" },

  'deposits.create': { args: DepositCreateArgs, mutates: true, summary: 'Record fiat an LP handed in (pending until confirmed)' },
  'deposits.list': { args: DepositListArgs, mutates: false, summary: 'List deposits, all or of one LP or machine' },
  'deposits.get': { args: DepositIdArgs, mutates: false, summary: 'One deposit' },
  'deposits.update': { args: DepositUpdateArgs, mutates: true, summary: 'Change the amount or note of a pending deposit' },
  'deposits.setStatus': { args: DepositSetStatusArgs, mutates: true, summary: 'Confirm or cancel a pending deposit' },
  'deposits.delete': { args: DepositIdArgs, mutates: true, summary: 'Remove a pending deposit' },

  'splits.get': { args: SplitsGetArgs, mutates: false, summary: 'The default, an override, or the effective commission split' },
  'splits.replace': { args: SplitsReplaceArgs, mutates: true, summary: 'Replace a commission ruleset whole (fractions sum to 1)' },
  'splits.clear': { args: SplitsClearArgs, mutates: true, summary: 'Remove a commission ruleset' },

  'superConfig.get': { args: NoArgs, mutates: false, summary: 'The platform fee in force' },
  'superConfig.update': { args: SuperConfigUpdateArgs, mutates: true, summary: 'Set the platform fee (platform mode only)' },

  'settlements.record': { args: SettlementRecordArgs, mutates: true, summary: 'Record an ATM transaction by hand' },
  'settlements.list': { args: SettlementListArgs, mutates: false, summary: 'List settlements, newest first' },
  'settlements.get': { args: SettlementIdArgs, mutates: false, summary: 'One settlement with its legs and notes' },
  'settlements.preview': { args: SettlementIdArgs, mutates: false, summary: 'The legs a settlement would get, without writing anything' },
  'settlements.process': { args: SettlementProcessArgs, mutates: true, summary: 'Plan and pay pending settlements now' },
  'settlements.retry': { args: SettlementIdArgs, mutates: true, summary: 'Pay what an errored settlement has not paid yet' },
  'settlements.partialDispense': { args: SettlementPartialDispenseArgs, mutates: true, summary: 'Re-plan a settlement whose ATM dispensed less' },
  'settlements.forceReset': { args: SettlementForceResetArgs, mutates: true, summary: 'Mark a stuck settlement errored so it can be retried' },
  'settlements.addNote': { args: SettlementNoteArgs, mutates: true, summary: 'Append a note to a settlement' },
  'settlements.stuck': { args: SettlementStuckArgs, mutates: false, summary: 'Settlements that need attention' },

  'payments.list': { args: PaymentListArgs, mutates: false, summary: 'Payment legs, newest first, optionally by type or status' },

  'wallets.bind': { args: WalletBindArgs, mutates: true, summary: 'Bind an LNbits wallet (a machine wallet or a funding wallet); keys are checked first' },
  'wallets.list': { args: WalletListArgs, mutates: false, summary: 'Bound wallets (keys shown as previews only)' },
  'wallets.test': { args: WalletIdArgs, mutates: true, summary: 'Check a bound wallet: reachable, key kinds right, balance' },
  'wallets.rotateKey': { args: WalletRotateArgs, mutates: true, summary: 'Replace a key reset in LNbits; history is kept' },

  'destinations.verify': { args: DestinationVerifyArgs, mutates: true, summary: 'Check a payout destination live (resolve it, ask for an invoice, check it; nothing is paid)' },

  'processing.pause': { args: ProcessingPauseArgs, mutates: true, summary: 'Stop ingestion and payouts at once (persists across restarts)' },
  'processing.resume': { args: ProcessingResumeArgs, mutates: true, summary: "Resume payouts ('all'), or pay one settlement first and stay paused ('one')" },
  'processing.status': { args: ProcessingStatusArgs, mutates: false, summary: 'Whether processing runs, and what waits' },

  'signer.status': { args: SignerStatusArgs, mutates: false, summary: "The operator's signer: local key or bunker, its public key, whether it is ready" },
  'signer.createLocal': { args: SignerCreateLocalArgs, mutates: true, summary: 'Make a new operator key, kept encrypted (OS keychain, or a passphrase)' },
  'signer.importLocal': { args: SignerImportLocalArgs, mutates: true, summary: 'Use an existing key (nsec or hex), kept encrypted; never shown again' },
  'signer.unlock': { args: SignerUnlockArgs, mutates: false, summary: 'Unlock a passphrase-protected key in this process' },
  'signer.connectBunker': { args: SignerConnectBunkerArgs, mutates: true, summary: 'Use a NIP-46 bunker (bunker://…): the key stays on the phone' },
  'signer.disconnect': { args: SignerDisconnectArgs, mutates: true, summary: 'Stop using the signer (a local key is deleted only with forget_local_key)' },

  'cassettes.list': { args: CassettesListArgs, mutates: false, summary: "A machine's cassette bays: what you loaded, and what the ATM last reported" },
  'cassettes.publish': { args: CassettesPublishArgs, mutates: true, summary: 'Set the bays after a refill and send them to the ATM' },

  'relays.list': { args: RelayListArgs, mutates: false, summary: 'The relays, each with its connection state' },
  'relays.add': { args: RelayAddArgs, mutates: true, summary: 'Add a relay (wss://…)' },
  'relays.remove': { args: RelayRemoveArgs, mutates: true, summary: 'Remove a relay' },
  'outbox.list': { args: OutboxListArgs, mutates: false, summary: 'What waits to be published, and what each relay said' },

  'sync.run': { args: SyncRunArgs, mutates: true, summary: "One round now: ingest the machine wallets' sales from LNbits, then pay what is pending" },
  'sync.status': { args: SyncStatusArgs, mutates: false, summary: 'Per machine wallet: how far ingestion has read, and its last success or error' },
  'unattributed.list': { args: UnattributedListArgs, mutates: false, summary: 'Payments into machine wallets that carry no attestation, newest first' },
  'unattributed.attribute': { args: UnattributedAttributeArgs, mutates: true, summary: 'Say which cash-out sale an unattested payment was: it becomes a settlement' },
  'unattributed.dismiss': { args: UnattributedDismissArgs, mutates: true, summary: 'Set an unattested payment aside (not a sale), with the reason' },

  'audit.list': { args: AuditListArgs, mutates: false, summary: 'The audit log, newest first' },
  'audit.verify': { args: AuditVerifyArgs, mutates: false, summary: 'Check the audit log hash chain' },
} as const satisfies Record<string, { args: z.ZodType; mutates: boolean; summary: string }>

export type CommandName = keyof typeof commandSpecs

export const COMMAND_NAMES = Object.keys(commandSpecs) as CommandName[]

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(commandSpecs, name)
}

export interface Page<T> {
  items: T[]
  /** pass back as `cursor` for the next page; null on the last page */
  next_cursor: string | null
}

export interface CommandResults {
  'machines.create': Machine
  'machines.list': Page<Machine>
  'machines.get': Machine
  'machines.update': Machine
  'machines.deactivate': Machine
  'clients.create': Client
  'clients.list': Page<Client>
  'clients.get': Client
  'clients.update': Client
  'clients.delete': { deleted: string }
  'clients.balance': ClientBalance
  'clients.settle': Leg
  'deposits.create': Deposit
  'deposits.list': Page<Deposit>
  'deposits.get': Deposit
  'deposits.update': Deposit
  'deposits.setStatus': Deposit
  'deposits.delete': { deleted: string }
  'splits.get': SplitRuleset
  'splits.replace': SplitRuleset
  'splits.clear': SplitRuleset
  'superConfig.get': SuperConfig
  'superConfig.update': SuperConfig
  'settlements.record': Settlement
  'settlements.list': Page<Settlement>
  'settlements.get': SettlementDetail
  'settlements.preview': SettlementPreview
  'settlements.process': ProcessResult
  'settlements.retry': SettlementDetail
  'settlements.partialDispense': SettlementDetail
  'settlements.forceReset': Settlement
  'settlements.addNote': SettlementDetail
  'settlements.stuck': StuckSettlements
  'payments.list': Page<Leg>
  'wallets.bind': WalletBinding
  'wallets.list': WalletBinding[]
  'wallets.test': WalletTest
  'wallets.rotateKey': WalletBinding
  'destinations.verify': DestinationCheck
  'processing.pause': ProcessingStatus
  'processing.resume': ProcessingStatus
  'processing.status': ProcessingStatus
  'signer.status': SignerStatus
  'signer.createLocal': SignerStatus
  'signer.importLocal': SignerStatus
  'signer.unlock': SignerStatus
  'signer.connectBunker': SignerStatus
  'signer.disconnect': SignerStatus
  'cassettes.list': CassetteRow[]
  'cassettes.publish': CassetteRow[]
  'relays.list': RelayEntry[]
  'relays.add': RelayEntry[]
  'relays.remove': RelayEntry[]
  'outbox.list': OutboxItem[]
  'sync.run': SyncResult
  'sync.status': SyncStatus
  'unattributed.list': Page<UnattributedPayment>
  'unattributed.attribute': UnattributedPayment
  'unattributed.dismiss': UnattributedPayment
  'audit.list': Page<AuditRow>
  'audit.verify': AuditVerification
}

/** What a caller sends (before defaults and normalisation). */
export type ArgsOf<N extends CommandName> = z.input<(typeof commandSpecs)[N]['args']>
/** What the implementation receives (validated, normalised). */
export type ParsedArgsOf<N extends CommandName> = z.output<(typeof commandSpecs)[N]['args']>
export type ResultOf<N extends CommandName> = CommandResults[N]
