import type { z } from 'zod'
import {
  MachineCreateArgs,
  MachineDeactivateArgs,
  MachineFeeConfigArgs,
  MachineGetArgs,
  MachineListArgs,
  MachineUpdateArgs,
  type Machine,
  type MachineFeeConfig,
} from '../domain/machine'
import {
  ClientCreateArgs,
  ClientIdArgs,
  ClientListArgs,
  ClientSettleArgs,
  ClientStatementArgs,
  ClientUpdateArgs,
  type Client,
  type ClientBalance,
  type ClientStatement,
} from '../domain/client'
import {
  DepositCreateArgs,
  DepositIdArgs,
  DepositListArgs,
  DepositReverseArgs,
  DepositSetStatusArgs,
  DepositUpdateArgs,
  type Deposit,
} from '../domain/deposit'
import { SecretsProtectArgs, SecretsStatusArgs, SecretsUnlockArgs, type SecretsStatus } from '../domain/secrets'
import { SplitsClearArgs, SplitsGetArgs, SplitsReplaceArgs, type SplitRuleset } from '../domain/splits'
import { SuperConfigUpdateArgs, type SuperConfig } from '../domain/super-config'
import {
  PaymentListArgs,
  PaymentTotalsArgs,
  type PaymentTotals,
  SettlementForceResetArgs,
  SettlementIdArgs,
  SettlementListArgs,
  SettlementTotalsArgs,
  type SettlementTotals,
  SettlementNoteArgs,
  SettlementPartialDispenseArgs,
  SettlementProcessArgs,
  SettlementRecordArgs,
  SettlementStuckArgs,
  SettlementVoidArgs,
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
import {
  BackupCreateArgs,
  BackupInspectArgs,
  BackupListArgs,
  BackupRestoreArgs,
  type BackupCreated,
  type BackupEntry,
  type BackupInspection,
  type BackupRestored,
} from '../domain/backup'
import {
  ReconcileListArgs,
  ReconcileRunArgs,
  VerifyCommissionsArgs,
  type CommissionVerification,
  type ReconcileReport,
} from '../domain/reconcile'
import { ExportCsvArgs, type CsvExport } from '../domain/export'
import { AlertsAckArgs, AlertsListArgs, AlertsNotifyTestArgs, HealthGetArgs, type Alert, type Health } from '../domain/health'
import { TodayGetArgs, type Today } from '../domain/today'
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
import { SettingsGetArgs, SettingsUpdateArgs, type Settings } from '../domain/settings'
import { z as zod } from 'zod'

const NoArgs = zod.strictObject({})

/**
 * How the core runs a command:
 * - `read`: on the ledger, writes nothing;
 * - `write`: in one write transaction together with its audit row, so a refusal writes nothing;
 * - `own`: the handler commits step by step (it talks to LNbits, a relay or the signer between
 *   steps, or must leave a resumable ledger after a crash), each step with its own audit row.
 */
export type TransactionMode = 'read' | 'write' | 'own'

/** Carries a command's result type in its spec row; the value is never read. */
function returns<T>(): T {
  return undefined as T
}

/**
 * The command contract: every operation the UI, the CLI and scripts can ask of the core.
 * Names follow docs/commands.md#commands. Args are zod schemas (validated by the core on every call);
 * results are typed here and produced by the one implementation table in src-main/core; the
 * transaction mode says how the core runs each one.
 */
export const commandSpecs = {
  'machines.create': { args: MachineCreateArgs, result: returns<Machine>(), tx: 'write', summary: 'Add an ATM to the ledger' },
  'machines.list': {
    args: MachineListArgs,
    result: returns<Page<Machine>>(),
    tx: 'read',
    summary: 'List machines, oldest first, a page at a time',
  },
  'machines.get': { args: MachineGetArgs, result: returns<Machine>(), tx: 'read', summary: 'One machine by id' },
  'machines.update': {
    args: MachineUpdateArgs,
    result: returns<Machine>(),
    tx: 'write',
    summary: 'Change some fields of a machine (fee cap checked on the result)',
  },
  'machines.deactivate': {
    args: MachineDeactivateArgs,
    result: returns<Machine>(),
    tx: 'write',
    summary: 'Stop using a machine; its history stays',
  },
  'machines.feeConfig': {
    args: MachineFeeConfigArgs,
    result: returns<MachineFeeConfig>(),
    tx: 'read',
    summary: 'The fee config the ATM should hold, the last one sent to it and what the relays said',
  },

  'clients.create': { args: ClientCreateArgs, result: returns<Client>(), tx: 'write', summary: 'Add an LP to a machine' },
  'clients.list': { args: ClientListArgs, result: returns<Page<Client>>(), tx: 'read', summary: 'List LPs, all or of one machine' },
  'clients.get': { args: ClientIdArgs, result: returns<Client>(), tx: 'read', summary: 'One LP' },
  'clients.update': {
    args: ClientUpdateArgs,
    result: returns<Client>(),
    tx: 'write',
    summary: "Change an LP's name, destination, key or status",
  },
  'clients.delete': {
    args: ClientIdArgs,
    result: returns<{ deleted: string }>(),
    tx: 'write',
    summary: 'Remove an LP that has no deposits or payments',
  },
  'clients.balance': {
    args: ClientIdArgs,
    result: returns<ClientBalance>(),
    tx: 'read',
    summary: "An LP's deposits, DCA received, remaining fiat and cost basis",
  },
  'clients.statement': {
    args: ClientStatementArgs,
    result: returns<ClientStatement>(),
    tx: 'read',
    summary: "An LP's statement for a period: deposits, every payment with its sats, fiat and price, the remaining balance",
  },
  'clients.settle': {
    args: ClientSettleArgs,
    result: returns<Leg>(),
    tx: 'own',
    summary: "Pay out an LP's remaining fiat in sats at your rate, from a funding wallet",
  },

  'deposits.create': {
    args: DepositCreateArgs,
    result: returns<Deposit>(),
    tx: 'write',
    summary: 'Record fiat an LP handed in (pending until confirmed)',
  },
  'deposits.list': {
    args: DepositListArgs,
    result: returns<Page<Deposit>>(),
    tx: 'read',
    summary: 'List deposits, all or of one LP or machine',
  },
  'deposits.get': { args: DepositIdArgs, result: returns<Deposit>(), tx: 'read', summary: 'One deposit' },
  'deposits.update': {
    args: DepositUpdateArgs,
    result: returns<Deposit>(),
    tx: 'write',
    summary: 'Change the amount or note of a pending deposit',
  },
  'deposits.setStatus': {
    args: DepositSetStatusArgs,
    result: returns<Deposit>(),
    tx: 'write',
    summary: 'Confirm or cancel a pending deposit',
  },
  'deposits.delete': { args: DepositIdArgs, result: returns<{ deleted: string }>(), tx: 'write', summary: 'Remove a pending deposit' },
  'deposits.reverse': {
    args: DepositReverseArgs,
    result: returns<Deposit>(),
    tx: 'write',
    summary: "Take back a confirmed deposit (with the reason), while the LP's remaining balance covers it",
  },

  'splits.get': {
    args: SplitsGetArgs,
    result: returns<SplitRuleset>(),
    tx: 'read',
    summary: 'The default, an override, or the effective commission split',
  },
  'splits.replace': {
    args: SplitsReplaceArgs,
    result: returns<SplitRuleset>(),
    tx: 'write',
    summary: 'Replace a commission ruleset whole (fractions sum to 1)',
  },
  'splits.clear': { args: SplitsClearArgs, result: returns<SplitRuleset>(), tx: 'write', summary: 'Remove a commission ruleset' },

  'superConfig.get': { args: NoArgs, result: returns<SuperConfig>(), tx: 'read', summary: 'The platform fee in force' },
  'superConfig.update': {
    args: SuperConfigUpdateArgs,
    result: returns<SuperConfig>(),
    tx: 'write',
    summary: 'Set the platform fee (platform mode only)',
  },

  'settlements.record': {
    args: SettlementRecordArgs,
    result: returns<Settlement>(),
    tx: 'write',
    summary: 'Record an ATM transaction by hand',
  },
  'settlements.list': {
    args: SettlementListArgs,
    result: returns<Page<Settlement>>(),
    tx: 'read',
    summary: 'List settlements, newest first: by machine, status, direction, period, or words (txid, payment hash, LP)',
  },
  'settlements.totals': {
    args: SettlementTotalsArgs,
    result: returns<SettlementTotals>(),
    tx: 'read',
    summary: 'How many settlements a filter takes, their sats, and their fiat per currency',
  },
  'settlements.get': {
    args: SettlementIdArgs,
    result: returns<SettlementDetail>(),
    tx: 'read',
    summary: 'One settlement with its legs and notes',
  },
  'settlements.preview': {
    args: SettlementIdArgs,
    result: returns<SettlementPreview>(),
    tx: 'read',
    summary: 'The legs a settlement would get, without writing anything',
  },
  'settlements.process': {
    args: SettlementProcessArgs,
    result: returns<ProcessResult>(),
    tx: 'own',
    summary: 'Plan and pay pending settlements now',
  },
  'settlements.retry': {
    args: SettlementIdArgs,
    result: returns<SettlementDetail>(),
    tx: 'own',
    summary: 'Pay what an errored settlement has not paid yet',
  },
  'settlements.partialDispense': {
    args: SettlementPartialDispenseArgs,
    result: returns<SettlementDetail>(),
    tx: 'write',
    summary: 'Re-plan a settlement whose ATM dispensed less',
  },
  'settlements.forceReset': {
    args: SettlementForceResetArgs,
    result: returns<Settlement>(),
    tx: 'write',
    summary: 'Mark a stuck settlement errored so it can be retried',
  },
  'settlements.addNote': {
    args: SettlementNoteArgs,
    result: returns<SettlementDetail>(),
    tx: 'write',
    summary: 'Append a note to a settlement',
  },
  'settlements.stuck': {
    args: SettlementStuckArgs,
    result: returns<StuckSettlements>(),
    tx: 'read',
    summary: 'Settlements that need attention',
  },
  'settlements.void': {
    args: SettlementVoidArgs,
    result: returns<Settlement>(),
    tx: 'write',
    summary: 'Void a settlement that paid nothing (nothing dispensed, the customer refunded), with the reason',
  },

  'payments.list': {
    args: PaymentListArgs,
    result: returns<Page<Leg>>(),
    tx: 'read',
    summary: 'Payment legs, newest first, optionally by type or status',
  },
  'payments.totals': {
    args: PaymentTotalsArgs,
    result: returns<PaymentTotals>(),
    tx: 'read',
    summary: 'How many payments (legs) a filter takes, and their sats',
  },

  'wallets.bind': {
    args: WalletBindArgs,
    result: returns<WalletBinding>(),
    tx: 'own',
    summary: 'Bind an LNbits wallet (a machine wallet or a funding wallet); keys are checked first',
  },
  'wallets.list': {
    args: WalletListArgs,
    result: returns<WalletBinding[]>(),
    tx: 'read',
    summary: 'Bound wallets (keys shown as previews only)',
  },
  'wallets.test': {
    args: WalletIdArgs,
    result: returns<WalletTest>(),
    tx: 'own',
    summary: 'Check a bound wallet: reachable, key kinds right, balance',
  },
  'wallets.rotateKey': {
    args: WalletRotateArgs,
    result: returns<WalletBinding>(),
    tx: 'own',
    summary: 'Replace a key reset in LNbits; history is kept',
  },

  'destinations.verify': {
    args: DestinationVerifyArgs,
    result: returns<DestinationCheck>(),
    tx: 'own',
    summary: 'Check a payout destination live (resolve it, ask for an invoice, check it; nothing is paid)',
  },

  'processing.pause': {
    args: ProcessingPauseArgs,
    result: returns<ProcessingStatus>(),
    tx: 'own',
    summary: 'Stop ingestion and payouts at once (persists across restarts)',
  },
  'processing.resume': {
    args: ProcessingResumeArgs,
    result: returns<ProcessingStatus>(),
    tx: 'own',
    summary: "Resume payouts ('all'), or pay one settlement first and stay paused ('one')",
  },
  'processing.status': {
    args: ProcessingStatusArgs,
    result: returns<ProcessingStatus>(),
    tx: 'read',
    summary: 'Whether processing runs, and what waits',
  },

  'signer.status': {
    args: SignerStatusArgs,
    result: returns<SignerStatus>(),
    tx: 'read',
    summary: "The operator's signer: local key or bunker, its public key, whether it is ready",
  },
  'signer.createLocal': {
    args: SignerCreateLocalArgs,
    result: returns<SignerStatus>(),
    tx: 'own',
    summary: 'Make a new operator key, kept encrypted (OS keychain, or a passphrase)',
  },
  'signer.importLocal': {
    args: SignerImportLocalArgs,
    result: returns<SignerStatus>(),
    tx: 'own',
    summary: 'Use an existing key (nsec or hex), kept encrypted; never shown again',
  },
  'signer.unlock': {
    args: SignerUnlockArgs,
    result: returns<SignerStatus>(),
    tx: 'read',
    summary: 'Unlock a passphrase-protected key in this process',
  },
  'signer.connectBunker': {
    args: SignerConnectBunkerArgs,
    result: returns<SignerStatus>(),
    tx: 'own',
    summary: 'Use a NIP-46 bunker (bunker://…): the key stays on the phone',
  },
  'signer.disconnect': {
    args: SignerDisconnectArgs,
    result: returns<SignerStatus>(),
    tx: 'own',
    summary: 'Stop using the signer (a local key is deleted only with forget_local_key)',
  },
  'secrets.status': {
    args: SecretsStatusArgs,
    result: returns<SecretsStatus>(),
    tx: 'read',
    summary: "How the data key that seals the ledger's secrets is kept (OS keychain, passphrase), and whether it is open",
  },
  'secrets.unlock': {
    args: SecretsUnlockArgs,
    result: returns<SecretsStatus>(),
    tx: 'read',
    summary: 'Open a passphrase-protected data key in this process (reading sales and payouts wait until then)',
  },
  'secrets.protect': {
    args: SecretsProtectArgs,
    result: returns<SecretsStatus>(),
    tx: 'own',
    summary: 'Wrap the data key anew: with a passphrase (it then opens anywhere) or with the OS keychain',
  },

  'cassettes.list': {
    args: CassettesListArgs,
    result: returns<CassetteRow[]>(),
    tx: 'read',
    summary: "A machine's cassette bays: what you loaded, and what the ATM last reported",
  },
  'cassettes.publish': {
    args: CassettesPublishArgs,
    result: returns<CassetteRow[]>(),
    tx: 'write',
    summary: 'Set the bays after a refill and send them to the ATM',
  },

  'relays.list': {
    args: RelayListArgs,
    result: returns<RelayEntry[]>(),
    tx: 'read',
    summary: 'The relays, each with its connection state',
  },
  'relays.add': { args: RelayAddArgs, result: returns<RelayEntry[]>(), tx: 'write', summary: 'Add a relay (wss://…)' },
  'relays.remove': { args: RelayRemoveArgs, result: returns<RelayEntry[]>(), tx: 'write', summary: 'Remove a relay' },
  'outbox.list': {
    args: OutboxListArgs,
    result: returns<OutboxItem[]>(),
    tx: 'read',
    summary: 'What waits to be published, and what each relay said',
  },

  'sync.run': {
    args: SyncRunArgs,
    result: returns<SyncResult>(),
    tx: 'own',
    summary: "One round now: ingest the machine wallets' sales from LNbits, then pay what is pending",
  },
  'sync.status': {
    args: SyncStatusArgs,
    result: returns<SyncStatus>(),
    tx: 'read',
    summary: 'Per machine wallet: how far ingestion has read, and its last success or error',
  },
  'unattributed.list': {
    args: UnattributedListArgs,
    result: returns<Page<UnattributedPayment>>(),
    tx: 'read',
    summary: 'Payments into machine wallets that carry no attestation, newest first',
  },
  'unattributed.attribute': {
    args: UnattributedAttributeArgs,
    result: returns<UnattributedPayment>(),
    tx: 'write',
    summary: 'Say which cash-out sale an unattested payment was: it becomes a settlement',
  },
  'unattributed.dismiss': {
    args: UnattributedDismissArgs,
    result: returns<UnattributedPayment>(),
    tx: 'write',
    summary: 'Set an unattested payment aside (not a sale), with the reason',
  },

  'settings.get': {
    args: SettingsGetArgs,
    result: returns<Settings>(),
    tx: 'read',
    summary: "The operator's own settings: the platform's key, and whether this app is the platform",
  },
  'settings.update': {
    args: SettingsUpdateArgs,
    result: returns<Settings>(),
    tx: 'write',
    summary: "Change the operator's settings: the platform's key (only its signed fee config is accepted)",
  },

  'audit.list': { args: AuditListArgs, result: returns<Page<AuditRow>>(), tx: 'read', summary: 'The audit log, newest first' },
  'audit.verify': { args: AuditVerifyArgs, result: returns<AuditVerification>(), tx: 'read', summary: 'Check the audit log hash chain' },

  'health.get': {
    args: HealthGetArgs,
    result: returns<Health>(),
    tx: 'read',
    summary: 'Every health check as it stands: what it means, what to do, and where',
  },
  'today.get': {
    args: TodayGetArgs,
    result: returns<Today>(),
    tx: 'read',
    summary: "The Today screen: open alerts, health, the day's and the week's sales per machine, LP fiat left, and what is still to set up",
  },
  'alerts.list': {
    args: AlertsListArgs,
    result: returns<Alert[]>(),
    tx: 'read',
    summary: 'Alerts raised from the health checks and their return to normal, newest first',
  },
  'alerts.ack': { args: AlertsAckArgs, result: returns<Alert>(), tx: 'write', summary: 'Mark an alert as seen' },
  'alerts.notifyTest': {
    args: AlertsNotifyTestArgs,
    result: returns<{ sent: true }>(),
    tx: 'read',
    summary: 'Send a test alert to the desktop notifications (nothing is recorded)',
  },
  'reconcile.run': {
    args: ReconcileRunArgs,
    result: returns<ReconcileReport>(),
    tx: 'own',
    summary:
      'Each bound wallet against LNbits: every leg paid once for its amount, money that left unseen, sales LNbits lacks, the balance explained',
  },
  'reconcile.list': {
    args: ReconcileListArgs,
    result: returns<ReconcileReport[]>(),
    tx: 'read',
    summary: 'The reconciliations kept in the ledger, newest first, each with its findings',
  },
  'reconcile.verifyCommissions': {
    args: VerifyCommissionsArgs,
    result: returns<CommissionVerification>(),
    tx: 'read',
    summary: 'Plan every planned settlement again from what it stored, and list each whose legs differ',
  },

  'export.csv': {
    args: ExportCsvArgs,
    result: returns<CsvExport>(),
    tx: 'read',
    summary: 'A CSV file: any table (secrets left out), settlements with legs, payments, an LP statement, or Koinly for an LP',
  },

  'backup.create': {
    args: BackupCreateArgs,
    result: returns<BackupCreated>(),
    tx: 'own',
    summary: 'Back the ledger up into the data folder, or seal it into a file (with a passphrase) for another machine',
  },
  'backup.list': { args: BackupListArgs, result: returns<BackupEntry[]>(), tx: 'read', summary: "The data folder's backups, newest first" },
  'backup.inspect': {
    args: BackupInspectArgs,
    result: returns<BackupInspection>(),
    tx: 'read',
    summary: 'What a backup holds, checked whole, before anything is restored',
  },
  'backup.restore': {
    args: BackupRestoreArgs,
    result: returns<BackupRestored>(),
    tx: 'own',
    summary: 'Put an inspected backup in place of the ledger (the replaced one is kept beside it)',
  },
} as const satisfies Record<string, { args: z.ZodType; result: unknown; tx: TransactionMode; summary: string }>

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

/** What a caller sends (before defaults and normalisation). */
export type ArgsOf<N extends CommandName> = z.input<(typeof commandSpecs)[N]['args']>
/** What the implementation receives (validated, normalised). */
export type ParsedArgsOf<N extends CommandName> = z.output<(typeof commandSpecs)[N]['args']>
export type ResultOf<N extends CommandName> = (typeof commandSpecs)[N]['result']
