import { listAudit, verifyAudit } from '../audit/handlers'
import { createBackup, inspectBackup, listBackups, restoreBackup } from '../backup/handlers'
import { listReconciliations, reconcileRun, verifyCommissionsHandler } from '../reconcile/handlers'
import { exportCsv } from '../exports/handlers'
import { ackAlert, getHealth, getToday, listAlerts, notifyTest } from '../health/handlers'
import { verifyDestination } from '../destinations/handlers'
import {
  clientBalance,
  clientStatement,
  createClient,
  deleteClient,
  getClient,
  listClients,
  settleClient,
  updateClient,
} from '../clients/handlers'
import {
  createDeposit,
  deleteDeposit,
  getDeposit,
  listDeposits,
  reverseDeposit,
  setDepositStatus,
  updateDeposit,
} from '../deposits/handlers'
import type { HandlerTable } from '../env'
import { createMachine, deactivateMachine, getMachine, listMachines, updateMachine } from '../machines/handlers'
import { listPayments, totalPayments } from '../payments/handlers'
import {
  addNote,
  forceReset,
  getSettlement,
  listSettlements,
  totalSettlements,
  partialDispense,
  previewSettlement,
  processSettlements,
  recordSettlement,
  retrySettlement,
  stuckSettlements,
  voidSettlement,
} from '../settlement/handlers'
import { clearSplits, getSplits, replaceSplits } from '../splits/handlers'
import { getSuperConfig, machineFeeConfig, updateSuperConfig } from '../fees/handlers'
import { pauseProcessing, processingStatus, resumeProcessing } from '../processing/handlers'
import { bindWallet, listWallets, rotateWalletKey, testWallet } from '../wallets/handlers'
import { runSync, syncStatus } from '../sync/handlers'
import { addRelay, listOutbox, listRelays, removeRelay } from '../relays/handlers'
import { listCassettes, publishCassettes } from '../cassettes/handlers'
import { protectSecrets, secretsStatus, unlockSecrets } from '../secrets/handlers'
import { connectBunker, createLocalSigner, disconnectSigner, importLocalSigner, signerStatus, unlockSigner } from '../signer/handlers'
import { attributePayment, dismissPayment, listUnattributed } from '../ingestion/handlers'
import { getSettings, updateSettings } from '../settings/handlers'

export const handlers: HandlerTable = {
  'machines.create': createMachine,
  'machines.list': listMachines,
  'machines.get': getMachine,
  'machines.update': updateMachine,
  'machines.deactivate': deactivateMachine,
  'machines.feeConfig': machineFeeConfig,
  'clients.create': createClient,
  'clients.list': listClients,
  'clients.get': getClient,
  'clients.update': updateClient,
  'clients.delete': deleteClient,
  'clients.balance': clientBalance,
  'clients.statement': clientStatement,
  'clients.settle': settleClient,
  'deposits.create': createDeposit,
  'deposits.list': listDeposits,
  'deposits.get': getDeposit,
  'deposits.update': updateDeposit,
  'deposits.setStatus': setDepositStatus,
  'deposits.delete': deleteDeposit,
  'deposits.reverse': reverseDeposit,
  'splits.get': getSplits,
  'splits.replace': replaceSplits,
  'splits.clear': clearSplits,
  'superConfig.get': getSuperConfig,
  'superConfig.update': updateSuperConfig,
  'settlements.record': recordSettlement,
  'settlements.list': listSettlements,
  'settlements.totals': totalSettlements,
  'settlements.get': getSettlement,
  'settlements.preview': previewSettlement,
  'settlements.process': processSettlements,
  'settlements.retry': retrySettlement,
  'settlements.partialDispense': partialDispense,
  'settlements.forceReset': forceReset,
  'settlements.addNote': addNote,
  'settlements.stuck': stuckSettlements,
  'settlements.void': voidSettlement,
  'payments.list': listPayments,
  'payments.totals': totalPayments,
  'wallets.bind': bindWallet,
  'wallets.list': listWallets,
  'wallets.test': testWallet,
  'wallets.rotateKey': rotateWalletKey,
  'destinations.verify': verifyDestination,
  'processing.pause': pauseProcessing,
  'processing.resume': resumeProcessing,
  'processing.status': processingStatus,
  'signer.status': signerStatus,
  'signer.createLocal': createLocalSigner,
  'signer.importLocal': importLocalSigner,
  'signer.unlock': unlockSigner,
  'signer.connectBunker': connectBunker,
  'signer.disconnect': disconnectSigner,
  'secrets.status': secretsStatus,
  'secrets.unlock': unlockSecrets,
  'secrets.protect': protectSecrets,
  'cassettes.list': listCassettes,
  'cassettes.publish': publishCassettes,
  'relays.list': listRelays,
  'relays.add': addRelay,
  'relays.remove': removeRelay,
  'outbox.list': listOutbox,
  'sync.run': runSync,
  'sync.status': syncStatus,
  'unattributed.list': listUnattributed,
  'unattributed.attribute': attributePayment,
  'unattributed.dismiss': dismissPayment,
  'settings.get': getSettings,
  'settings.update': updateSettings,
  'audit.list': listAudit,
  'audit.verify': verifyAudit,
  'health.get': getHealth,
  'today.get': getToday,
  'alerts.list': listAlerts,
  'alerts.notifyTest': notifyTest,
  'alerts.ack': ackAlert,
  'reconcile.run': reconcileRun,
  'reconcile.list': listReconciliations,
  'reconcile.verifyCommissions': verifyCommissionsHandler,
  'export.csv': exportCsv,
  'backup.create': createBackup,
  'backup.list': listBackups,
  'backup.inspect': inspectBackup,
  'backup.restore': restoreBackup,
}
