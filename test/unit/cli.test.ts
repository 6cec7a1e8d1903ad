import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { satop } from '../support/cli'
import { machineArgs } from '../support/core'
import { tempDir } from '../support/tmp'

let dir: ReturnType<typeof tempDir>
beforeEach(() => {
  dir = tempDir()
})
afterEach(() => dir.remove())

describe('satop CLI (the real binary)', () => {
  it('creates and lists a machine in the ledger of --data-dir', async () => {
    const args = machineArgs({ name: 'From the CLI' })
    const created = await satop(['call', 'machines.create', JSON.stringify(args), '--data-dir', dir.path])
    expect(created.code).toBe(0)
    expect(created.json).toMatchObject({ name: 'From the CLI', fiat_code: 'GTQ', operator_cash_out_fee_fraction: '0.0350' })
    expect(existsSync(join(dir.path, 'ledger.sqlite'))).toBe(true)

    const listed = await satop(['call', 'machines.list', '{}', '--data-dir', dir.path])
    expect(listed.code).toBe(0)
    expect(listed.json).toMatchObject({ items: [{ name: 'From the CLI' }], next_cursor: null })
  })

  it('takes the ledger from SATOP_DATA_DIR when --data-dir is absent', async () => {
    await satop(['call', 'machines.create', JSON.stringify(machineArgs())], { SATOP_DATA_DIR: dir.path })
    const listed = await satop(['call', 'machines.list', '--data-dir', dir.path])
    expect((listed.json as { items: unknown[] }).items).toHaveLength(1)
  })

  it('prints {"error":…} and exits 1 on a refused command, writing nothing', async () => {
    const r = await satop([
      'call',
      'machines.create',
      JSON.stringify(machineArgs({ operator_cash_in_fee_fraction: '0.2' })),
      '--data-dir',
      dir.path,
    ])
    expect(r.code).toBe(1)
    expect(r.json).toEqual({
      error: {
        code: 'invalid_args',
        message: 'operator_cash_in_fee_fraction must be between 0 and 0.15',
        // the message's id and parameters ride beside the English, for the UI's language
        issues: [
          {
            path: 'operator_cash_in_fee_fraction',
            message: 'must be between 0 and 0.15',
            message_id: 'field.fraction.range',
            params: { max: 0.15 },
          },
        ],
      },
    })
    const listed = await satop(['call', 'machines.list', '--data-dir', dir.path])
    expect((listed.json as { items: unknown[] }).items).toHaveLength(0)
  })

  it('says when the args are not JSON, or the command does not exist', async () => {
    const bad = await satop(['call', 'machines.create', '{name:', '--data-dir', dir.path])
    expect(bad.code).toBe(2)
    expect(bad.json).toMatchObject({ error: { code: 'invalid_args', message: expect.stringContaining('not valid JSON') } })
    const unknown = await satop(['call', 'machines.fly', '{}', '--data-dir', dir.path])
    expect(unknown.code).toBe(1)
    expect(unknown.json).toMatchObject({ error: { code: 'unknown_command' } })
  })

  it('lists its commands and prints usage', async () => {
    const list = await satop(['commands'])
    expect(list.json).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'machines.create', mutates: true })]))
    const help = await satop(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('satop call <command>')
    expect((await satop([])).code).toBe(2)
    expect((await satop(['frobnicate'])).code).toBe(2)
  })

  it('reports a ledger it cannot open as a typed error', async () => {
    const blocker = join(dir.path, 'a-file')
    writeFileSync(blocker, 'not a folder')
    const r = await satop(['call', 'machines.list', '{}', '--data-dir', join(blocker, 'ledger')])
    expect(r.code).toBe(1)
    expect(r.json).toMatchObject({ error: { code: 'ledger_error', message: expect.stringContaining('Could not open the ledger') } })
  })
})
