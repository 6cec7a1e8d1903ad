import { describe, expect, it, vi } from 'vitest'
import { validate, version } from 'uuid'
import { newId } from '../../src-main/core/new-id'

/** The time a UUID v7 carries: its first 48 bits, in milliseconds. */
const msOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16)

describe('newId', () => {
  it('makes valid UUID v7s, each one new, in increasing order across many pool refills', () => {
    // 10,000 ids within a few milliseconds: the counter, not the clock, keeps them in order,
    // and the pool of random bytes is refilled about 40 times.
    const ids = Array.from({ length: 10_000 }, newId)
    for (const id of ids.slice(0, 50)) {
      expect(validate(id)).toBe(true)
      expect(version(id)).toBe(7)
    }
    expect(new Set(ids).size).toBe(ids.length)
    expect([...ids].sort()).toEqual(ids)
  })

  it('carries the time it was made, and stays in order when the clock steps back', () => {
    const now = vi.spyOn(Date, 'now')
    try {
      now.mockReturnValue(Date.UTC(2030, 0, 1, 12))
      const first = newId()
      expect(msOf(first)).toBe(Date.UTC(2030, 0, 1, 12))
      now.mockReturnValue(Date.UTC(2030, 0, 1, 11)) // an hour back: the clock was set right, or by hand (ahead of today: the module keeps its last time)
      const second = newId()
      expect(second > first).toBe(true)
      now.mockReturnValue(Date.UTC(2030, 0, 1, 13))
      const third = newId()
      expect(msOf(third)).toBe(Date.UTC(2030, 0, 1, 13))
      expect(third > second).toBe(true)
    } finally {
      now.mockRestore()
    }
  })

  it('does not repeat the random part of an id: each byte of the pool is used once', () => {
    const tails = Array.from({ length: 600 }, () => newId().slice(-12))
    expect(new Set(tails).size).toBe(tails.length)
  })
})
