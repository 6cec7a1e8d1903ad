import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { formatFraction, formatPercent, parseFraction } from '../../src-shared/money/fraction'

describe('fractions as parts per 10,000', () => {
  it.each([
    ['0', 0],
    ['0.0', 0],
    ['0.035', 350],
    ['0.0350', 350],
    ['0.15', 1500],
    ['1', 10000],
    ['1.0000', 10000],
    [' 0.0001 ', 1],
  ])('parses %j as %d parts', (text, parts) => {
    expect(parseFraction(text)).toEqual({ ok: true, parts })
  })

  it.each([
    [0.035, 'decimal string'],
    ['0.00001', 'more than 4 decimal places'],
    ['-0.01', 'decimal string'],
    ['1e-2', 'decimal string'],
    ['1.0001', 'at most 1'],
    ['2', 'at most 1'],
    ['.5', 'decimal string'],
    ['', 'decimal string'],
    [null, 'decimal string'],
  ])('refuses %j (%s)', (value, reason) => {
    const r = parseFraction(value)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason).toContain(reason)
  })

  it('formats with exactly four decimals, and parse(format(p)) = p for every valid p', () => {
    expect(formatFraction(350)).toBe('0.0350')
    expect(formatFraction(10000)).toBe('1.0000')
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10000 }), (p) => {
        expect(parseFraction(formatFraction(p))).toEqual({ ok: true, parts: p })
      }),
    )
  })

  it('refuses to format a non-integer', () => {
    expect(() => formatFraction(3.5)).toThrow(RangeError)
  })

  it('shows percentages for people', () => {
    expect(formatPercent(350)).toBe('3.5%')
    expect(formatPercent(300)).toBe('3%')
    expect(formatPercent(1)).toBe('0.01%')
    expect(formatPercent(0)).toBe('0%')
  })
})
