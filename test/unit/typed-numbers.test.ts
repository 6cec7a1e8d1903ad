import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { parseTypedFiat, parseTypedPercent, percentForInput, typedDecimal } from '../../src-shared/money/typed'
import { fiatDecimal } from '../../src-shared/money/currency'

const GT = { decimal: '.', group: ',' }
const DE = { decimal: ',', group: '.' }

describe('numbers as people type them', () => {
  it("takes the locale separators and the currency's own code or symbol; refuses a broken group and anything else around it", () => {
    const Q = ['GTQ', 'Q', 'Q.']
    for (const [typed, plain] of [
      ['1,250.50', '1250.50'],
      ['Q1,250.50', '1250.50'],
      ['Q 1,250.50', '1250.50'],
      ['Q.1,250.00', '1250.00'],
      ['1250.5 GTQ', '1250.5'],
      ['gtq 12,345,678', '12345678'],
      ['  400 ', '400'],
      ['Q\u00a0400', '400'],
    ] as const)
      expect(typedDecimal(typed, GT, Q), typed).toBe(plain)
    // another currency, a multiplier, a word, a space inside: refused rather than read as something smaller
    for (const typed of [
      '1,25',
      '1,2500',
      '12,34.5',
      '-5',
      '1.2.3',
      '',
      'Q',
      'abc',
      '1e5',
      '0x10',
      '5-',
      '2k',
      '1.5k',
      '100 mil',
      '$100',
      'USD 100',
      '1 25',
      '50%',
    ])
      expect(typedDecimal(typed, GT, Q), typed).toBeNull()
    expect(typedDecimal('1.250,50 €', DE, ['€'])).toBe('1250.50')
  })

  it('fiat: exact minor units, no more decimals than the currency has', () => {
    expect(parseTypedFiat('Q1,250.50', 'GTQ', GT, ['Q'])).toEqual({ ok: true, value: 125_050 })
    expect(parseTypedFiat('2k', 'GTQ', GT, ['Q'])).toEqual({ ok: false, reason: 'format' })
    expect(parseTypedFiat('$100', 'GTQ', GT, ['Q'])).toEqual({ ok: false, reason: 'format' })
    expect(parseTypedFiat('1,250.505', 'GTQ', GT)).toEqual({ ok: false, reason: 'decimals' })
    expect(parseTypedFiat('¥1,250', 'JPY', GT, ['¥'])).toEqual({ ok: true, value: 1250 })
    expect(parseTypedFiat('1.5', 'JPY', GT)).toEqual({ ok: false, reason: 'decimals' })
    expect(parseTypedFiat('1,25', 'GTQ', GT)).toEqual({ ok: false, reason: 'format' })
    expect(parseTypedFiat('9'.repeat(16), 'GTQ', GT)).toEqual({ ok: false, reason: 'too_large' })
  })

  it('fiat: whatever minor amount is shown with grouping and read back is the same amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (minor) => {
        const [whole, dec] = fiatDecimal(minor, 'GTQ').split('.') as [string, string]
        const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
        expect(parseTypedFiat(`Q${grouped}.${dec}`, 'GTQ', GT, ['Q'])).toEqual({ ok: true, value: minor })
      }),
    )
  })

  it('percent: typed and shown in percent, stored as the same fraction', () => {
    expect(parseTypedPercent('3.5', GT)).toEqual({ ok: true, value: '0.0350' })
    expect(parseTypedPercent('3.5 %', GT)).toEqual({ ok: true, value: '0.0350' })
    expect(parseTypedPercent('70', GT)).toEqual({ ok: true, value: '0.7000' })
    expect(parseTypedPercent('100', GT)).toEqual({ ok: true, value: '1.0000' })
    expect(parseTypedPercent('0,25', DE)).toEqual({ ok: true, value: '0.0025' })
    expect(parseTypedPercent('3.555', GT)).toEqual({ ok: false, reason: 'decimals' })
    expect(parseTypedPercent('100.01', GT)).toEqual({ ok: false, reason: 'range' })
    expect(parseTypedPercent('1000', GT)).toEqual({ ok: false, reason: 'range' })
    expect(parseTypedPercent('x', GT)).toEqual({ ok: false, reason: 'format' })
    expect(parseTypedPercent('2k', GT)).toEqual({ ok: false, reason: 'format' })
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (hundredths) => {
        const fraction = `${Math.floor(hundredths / 10_000)}.${String(hundredths % 10_000).padStart(4, '0')}`
        const parsed = parseTypedPercent(percentForInput(fraction, GT), GT)
        expect(parsed).toEqual({ ok: true, value: fraction })
      }),
    )
    expect(percentForInput('0.0350', DE)).toBe('3,5')
  })
})
