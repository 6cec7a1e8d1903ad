import { refusal, refusalIssue } from '../../../src-shared/messages/refuse'
import type { WalletBindingsTable } from '../ledger/schema'
import { keyPreview, probeKeys, requireGoodKeys } from '../lnbits/keys'
import type { Handler } from '../env'
import { loadMachine } from '../machines/queries'
import { insertWallet, loadWallet, openKeys, patchWallet, recordKeyRotation, walletList } from './queries'
import { checkMachineHasNoWallet, checkWalletNotShared } from './rules'
import { toWallet } from './view'

/*
 * Network first, ledger after: LNbits is asked before the write transaction opens, so a
 * slow LNbits never holds the ledger's write lock (these commands commit step by step).
 */

export const bindWallet: Handler<'wallets.bind'> = async (args, env) => {
  if (args.machine_id) {
    await loadMachine(env.db, args.machine_id)
    await checkMachineHasNoWallet(env.db, args.machine_id)
  }
  const walletId = requireGoodKeys(await probeKeys(env.lnbits(args.lnbits_url), args.invoice_key, args.admin_key))
  if (args.role === 'machine') {
    await checkWalletNotShared(env.db, args.lnbits_url, walletId)
  }
  const now = env.now()
  const row: WalletBindingsTable = {
    id: env.newId(),
    role: args.role,
    machine_id: args.machine_id ?? null,
    label: args.label,
    lnbits_url: args.lnbits_url,
    lnbits_wallet_id: walletId,
    invoice_key_enc: env.secrets.seal(args.invoice_key),
    invoice_key_preview: keyPreview(args.invoice_key),
    admin_key_enc: env.secrets.seal(args.admin_key),
    admin_key_preview: keyPreview(args.admin_key),
    last_test_at: now,
    last_test_ok: 1,
    last_test_error: null,
    created_at: now,
    updated_at: now,
  }
  const view = toWallet(row)
  await env.transaction(async (tx) => {
    await insertWallet(tx.db, row)
    await tx.audit({ entity: 'wallet', entity_id: row.id, before: null, after: view })
    // a machine's wallet bound: whether its payouts can run has changed
    if (row.machine_id) tx.emit({ name: 'machines.changed', payload: { id: row.machine_id } })
  })
  return view
}

export const listWallets: Handler<'wallets.list'> = async (args, env) => (await walletList(env.db, args)).map(toWallet)

export const testWallet: Handler<'wallets.test'> = async (args, env) => {
  const row = await loadWallet(env.db, args.id)
  const keys = openKeys(env.secrets, row)
  const probe = await probeKeys(env.lnbits(row.lnbits_url), keys.invoice, keys.admin)
  const ok = probe.reachable && probe.invoice_key_ok && probe.admin_key_ok && probe.same_wallet && probe.wallet_id === row.lnbits_wallet_id
  const error = ok
    ? null
    : (probe.error ??
      (probe.wallet_id !== row.lnbits_wallet_id
        ? 'The keys now open a different LNbits wallet than the one bound.'
        : 'The keys did not check out.'))
  const now = env.now()
  await env.transaction((tx) => patchWallet(tx.db, row.id, { last_test_at: now, last_test_ok: ok ? 1 : 0, last_test_error: error }))
  return {
    id: row.id,
    ok,
    reachable: probe.reachable,
    invoice_key_ok: probe.invoice_key_ok,
    admin_key_ok: probe.admin_key_ok,
    same_wallet: probe.same_wallet,
    balance_msat: probe.balance_msat,
    error,
  }
}

export const rotateWalletKey: Handler<'wallets.rotateKey'> = async (args, env) => {
  const row = await loadWallet(env.db, args.id)
  const keys = openKeys(env.secrets, row)
  const next = { invoice: args.invoice_key ?? keys.invoice, admin: args.admin_key ?? keys.admin }
  // The pair is proven together: after a reset in LNbits the old key of the other kind no longer works.
  const walletId = requireGoodKeys(await probeKeys(env.lnbits(row.lnbits_url), next.invoice, next.admin))
  if (walletId !== row.lnbits_wallet_id) {
    throw refusal('invalid_args', 'wallets.rotate.other_wallet', undefined, [
      refusalIssue(args.admin_key ? 'admin_key' : 'invoice_key', 'wallets.rotate.other_wallet.issue'),
    ])
  }
  const now = env.now()
  const changes = [
    ...(args.invoice_key ? [{ kind: 'invoice' as const, key: args.invoice_key, old: row.invoice_key_preview }] : []),
    ...(args.admin_key ? [{ kind: 'admin' as const, key: args.admin_key, old: row.admin_key_preview }] : []),
  ]
  const columns = {
    ...(args.invoice_key ? { invoice_key_enc: env.secrets.seal(args.invoice_key), invoice_key_preview: keyPreview(args.invoice_key) } : {}),
    ...(args.admin_key ? { admin_key_enc: env.secrets.seal(args.admin_key), admin_key_preview: keyPreview(args.admin_key) } : {}),
    updated_at: now,
    last_test_at: now,
    last_test_ok: 1 as const,
    last_test_error: null,
  }
  const after = { ...row, ...columns }
  await env.transaction(async (tx) => {
    await patchWallet(tx.db, row.id, columns)
    for (const c of changes) {
      await recordKeyRotation(tx.db, {
        wallet_binding_id: row.id,
        key_kind: c.kind,
        old_preview: c.old,
        new_preview: keyPreview(c.key),
        rotated_by: env.actor,
        rotated_at: now,
      })
    }
    await tx.audit({ entity: 'wallet', entity_id: row.id, before: toWallet(row), after: toWallet(after) })
  })
  return toWallet(after)
}
