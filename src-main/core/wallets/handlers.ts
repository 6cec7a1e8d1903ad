import { CommandError } from '../../../src-shared/contract/errors'
import type { WalletBindingsTable } from '../ledger/schema'
import { keyPreview, probeKeys, requireGoodKeys } from '../lnbits/keys'
import type { Handler } from '../handler'
import { loadMachine } from '../machines/queries'
import { loadWallet, openKeys } from './queries'
import { toWallet } from './view'

/*
 * Network first, ledger after: LNbits is asked before the write transaction opens, so a
 * slow LNbits never holds the ledger's write lock (these commands commit step by step).
 */

export const bindWallet: Handler<'wallets.bind'> = async (args, env) => {
  if (args.machine_id) {
    await loadMachine(env.db, args.machine_id)
    const existing = await env.db
      .selectFrom('wallet_bindings')
      .select('id')
      .where('machine_id', '=', args.machine_id)
      .where('role', '=', 'machine')
      .executeTakeFirst()
    if (existing)
      throw new CommandError('conflict', `This machine already has a wallet bound (${existing.id}); rotate its keys instead.`, [
        { path: 'machine_id', message: 'already has a wallet' },
      ])
  }
  const walletId = requireGoodKeys(await probeKeys(env.lnbits(args.lnbits_url), args.invoice_key, args.admin_key))
  if (args.role === 'machine') {
    // Two machines reading one wallet would each see the other's sales (and reject them as forged).
    const shared = await env.db
      .selectFrom('wallet_bindings')
      .select('machine_id')
      .where('role', '=', 'machine')
      .where('lnbits_url', '=', args.lnbits_url)
      .where('lnbits_wallet_id', '=', walletId)
      .executeTakeFirst()
    if (shared) {
      const other = await loadMachine(env.db, shared.machine_id!)
      throw new CommandError(
        'conflict',
        `That LNbits wallet is already the wallet of machine "${other.name}": each machine needs a wallet of its own.`,
        [{ path: 'invoice_key', message: 'opens a wallet another machine uses' }],
      )
    }
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
    await tx.db.insertInto('wallet_bindings').values(row).execute()
    await tx.audit({ entity: 'wallet', entity_id: row.id, before: null, after: view })
  })
  return view
}

export const listWallets: Handler<'wallets.list'> = async (args, env) => {
  let q = env.db.selectFrom('wallet_bindings').selectAll().orderBy('id')
  if (args.role) q = q.where('role', '=', args.role)
  if (args.machine_id) q = q.where('machine_id', '=', args.machine_id)
  return (await q.execute()).map(toWallet)
}

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
  await env.transaction((tx) =>
    tx.db
      .updateTable('wallet_bindings')
      .set({ last_test_at: now, last_test_ok: ok ? 1 : 0, last_test_error: error })
      .where('id', '=', row.id)
      .execute(),
  )
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
    throw new CommandError('invalid_args', 'The new key opens a different LNbits wallet than the one bound; bind that wallet separately.', [
      { path: args.admin_key ? 'admin_key' : 'invoice_key', message: 'belongs to another wallet' },
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
    const trx = tx.db
    await trx.updateTable('wallet_bindings').set(columns).where('id', '=', row.id).execute()
    for (const c of changes) {
      await trx
        .insertInto('wallet_key_rotations')
        .values({
          wallet_binding_id: row.id,
          key_kind: c.kind,
          old_preview: c.old,
          new_preview: keyPreview(c.key),
          rotated_by: env.actor,
          rotated_at: now,
        })
        .execute()
    }
    await tx.audit({ entity: 'wallet', entity_id: row.id, before: toWallet(row), after: toWallet(after) })
  })
  return toWallet(after)
}
