import { describe, expect, it } from 'vitest'
import { CATALOGS, english, translate } from '../../src-shared/messages'
import { formatMessage } from '../../src-shared/messages/define'

// The core's words in both languages (docs/i18n.md): the same keys, the same placeholders.
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe("the core's messages", () => {
  for (const [name, catalog] of Object.entries(CATALOGS)) {
    it(`${name}: Spanish has every English message, with the same placeholders`, () => {
      expect(Object.keys(catalog.es).sort()).toEqual(Object.keys(catalog.en).sort())
      for (const [key, text] of Object.entries(catalog.en)) {
        expect({ key, placeholders: placeholders(catalog.es[key]!) }).toEqual({ key, placeholders: placeholders(text) })
        expect({ key, empty: !text.trim() || !catalog.es[key]!.trim() }).toEqual({ key, empty: false })
      }
    })
  }

  it('formats parameters, says a message in either language, and falls back to the English that came with an unknown id', () => {
    expect(formatMessage('{n} relays not answering', { n: 2 })).toBe('2 relays not answering')
    expect(formatMessage('{missing} stays')).toBe('{missing} stays')
    expect(translate({ message_id: 'nope.none' }, 'es', 'the English')).toBe('the English')
    expect(translate({}, 'es', 'the English')).toBe('the English')
    expect(() => english('nope.none')).toThrow('no message nope.none')
  })
})
