import { CommandError } from '../../../src-shared/contract/errors'

/** Cursors are opaque to callers: base64url of the last id seen (ids sort by creation time). */
export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url')
}

export function decodeCursor(cursor: string | null | undefined): string | undefined {
  if (!cursor) return undefined
  const id = Buffer.from(cursor, 'base64url').toString('utf8')
  if (!/^[0-9a-f-]{36}$/.test(id))
    throw new CommandError('invalid_args', 'cursor is not one returned by a previous page', [
      { path: 'cursor', message: 'is not one returned by a previous page' },
    ])
  return id
}

/** Takes limit+1 rows, returns limit of them and whether another page exists. */
export function toPage<R extends { id: string }, T>(
  rows: R[],
  limit: number,
  map: (r: R) => T,
): { items: T[]; next_cursor: string | null } {
  const more = rows.length > limit
  const page = more ? rows.slice(0, limit) : rows
  const last = page[page.length - 1]
  return { items: page.map(map), next_cursor: more && last ? encodeCursor(last.id) : null }
}
