import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parse as parseSfc } from '@vue/compiler-sfc'
import { NodeTypes, type RootNode, type TemplateChildNode } from '@vue/compiler-dom'
import ts from 'typescript'
import { AREAS } from '../../src-renderer/src/i18n/messages'
import type { MessageTree } from '../../src-renderer/src/i18n/define'
import { PROJECT_ROOT } from '../support/tmp'

// Every word the UI shows is in both languages (docs/i18n.md): the two trees have the same keys and
// the same placeholders, and no screen writes a visible word outside them.

function leaves(tree: MessageTree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v)
    else for (const [kk, vv] of leaves(v, `${prefix}${k}.`)) out.set(kk, vv)
  }
  return out
}
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('the two languages', () => {
  for (const [name, area] of Object.entries(AREAS)) {
    it(`${name}: Spanish has exactly English's keys, each with the same placeholders and plural forms`, () => {
      const en = leaves(area.en as MessageTree)
      const es = leaves(area.es as MessageTree)
      expect([...es.keys()].sort()).toEqual([...en.keys()].sort())
      for (const [key, text] of en) {
        const spanish = es.get(key)!
        expect({ key, placeholders: placeholders(spanish) }).toEqual({ key, placeholders: placeholders(text) })
        expect({ key, forms: spanish.split('|').length }).toEqual({ key, forms: text.split('|').length })
        expect({ key, empty: spanish.trim() === '' || text.trim() === '' }).toEqual({ key, empty: false })
      }
    })
  }

  // "{n} machines" reads "1 machines": a count before a plural noun needs its singular form too
  const needsPlural = (text: string) => !text.includes('|') && /\{(n|count)\} \p{L}+s\b/u.test(text.replace(/\{n\} sats/g, ''))
  it('a count before a plural noun has a singular form (English)', () => {
    expect(needsPlural('{n} machines')).toBe(true)
    expect(needsPlural('{n} machine | {n} machines')).toBe(false)
    const found = Object.entries(AREAS).flatMap(([name, area]) =>
      [...leaves(area.en as MessageTree)].filter(([, text]) => needsPlural(text)).map(([key]) => `${name}.${key}`),
    )
    expect(found).toEqual([])
  })

  it('the check itself fails on a missing key and on a lost placeholder', () => {
    const en = leaves({ a: 'Paid {n}', b: { c: 'x' } })
    expect([...leaves({ a: 'Pagado' }).keys()]).not.toEqual([...en.keys()])
    expect(placeholders('Pagado')).not.toEqual(placeholders(en.get('a')!))
  })
})

// ---- no visible literal in the screens ----

/** Attributes whose value people see or hear (Quasar's and HTML's). */
const VISIBLE_ATTRIBUTES = new Set([
  'label',
  'title',
  'placeholder',
  'hint',
  'caption',
  'aria-label',
  'alt',
  'subtitle',
  'submit-label',
  'message',
  'no-data-label',
  'no-results-label',
  'loading-label',
  'error-message',
  'prefix',
  'suffix',
  'description',
])
/** Object keys whose string value is shown to the operator (Quasar's notify, dialog and column options). */
const VISIBLE_KEYS = new Set(['label', 'message', 'title', 'caption', 'hint', 'placeholder'])
/** words, not an example value (a path, an address, a key) */
const isWords = (text: string) => /^\p{L}[\p{L} ,']*[.!?…]?$/u.test(text.trim())
const hasWords = (text: string) => /\p{L}{2,}/u.test(text)

/** Prose in a script: two words or more, or a capitalised word ending a sentence; not a class list, an id or a path. */
function isProse(text: string): boolean {
  const t = text.trim()
  if (!hasWords(t)) return false
  const words = t.split(/\s+/)
  if (words.some((w) => /[-_/#=]|^[a-z]+\.[a-z]/.test(w)) && !/[.!?…]$/.test(t)) return false
  return words.length >= 2 || /^\p{Lu}\p{Ll}+[.!?…]$/u.test(t)
}

function templateLiterals(root: RootNode): string[] {
  const found: string[] = []
  const walk = (nodes: TemplateChildNode[]) => {
    for (const n of nodes) {
      if (n.type === NodeTypes.TEXT && hasWords(n.content)) found.push(`text "${n.content.trim()}" (line ${n.loc.start.line})`)
      if (n.type === NodeTypes.ELEMENT) {
        for (const p of n.props)
          if (p.type === NodeTypes.ATTRIBUTE && VISIBLE_ATTRIBUTES.has(p.name) && p.value && hasWords(p.value.content))
            found.push(`${p.name}="${p.value.content}" (line ${p.loc.start.line})`)
        walk(n.children)
      }
      if (n.type === NodeTypes.IF) for (const b of n.branches) walk(b.children)
      if (n.type === NodeTypes.FOR) walk(n.children)
    }
  }
  walk(root.children)
  return found
}

/** String literals in script code that read as prose, outside t(…) keys, imports, CSS selectors and the developer's console. */
function scriptLiterals(code: string, file: string): string[] {
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const found: string[] = []
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return
    if (
      ts.isCallExpression(node) &&
      /(^|\.)(t|te|\$t|storeEvents|call|querySelector|querySelectorAll|closest|matches)$|^console\.\w+$/.test(
        node.expression.getText(source),
      )
    )
      return
    if (ts.isLiteralTypeNode(node)) return
    // a word shown as a label or a message, even a single one ("Cancel")
    if (
      ts.isPropertyAssignment(node) &&
      VISIBLE_KEYS.has(node.name.getText(source)) &&
      (ts.isStringLiteral(node.initializer) || ts.isNoSubstitutionTemplateLiteral(node.initializer)) &&
      isWords(node.initializer.text)
    ) {
      found.push(
        `${node.name.getText(source)}: "${node.initializer.text}" (line ${source.getLineAndCharacterOfPosition(node.getStart()).line + 1})`,
      )
      return
    }
    const text =
      ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
        ? node.text
        : ts.isTemplateExpression(node)
          ? [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ')
          : null
    if (text !== null && isProse(text)) found.push(`"${text}" (line ${source.getLineAndCharacterOfPosition(node.getStart()).line + 1})`)
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

function uiFiles(): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name)
      if (e.isDirectory() && e.name !== 'i18n') walk(path)
      else if (/\.(vue|ts)$/.test(e.name)) out.push(path)
    }
  }
  walk(join(PROJECT_ROOT, 'src-renderer', 'src'))
  return out.sort()
}

function untranslated(file: string): string[] {
  const code = readFileSync(file, 'utf8')
  if (!file.endsWith('.vue')) return scriptLiterals(code, file)
  const { descriptor } = parseSfc(code, { filename: file })
  return [
    ...(descriptor.template?.ast ? templateLiterals(descriptor.template.ast as unknown as RootNode) : []),
    ...(descriptor.scriptSetup ? scriptLiterals(descriptor.scriptSetup.content, file) : []),
    ...(descriptor.script ? scriptLiterals(descriptor.script.content, file) : []),
  ]
}

describe('the screens write no word outside the two languages', () => {
  it('finds a literal in a template and in a script, so the check can fail', () => {
    const file = join(PROJECT_ROOT, 'x.vue')
    expect(
      templateLiterals(
        parseSfc('<template><q-btn label="Save now" /><p>Hello there</p></template>', { filename: file }).descriptor.template!
          .ast as unknown as RootNode,
      ),
    ).toHaveLength(2)
    expect(
      scriptLiterals(
        "notify({ message: 'The key was saved.' }); const c = 'text-grey-7 q-mt-sm'; t('common.action.save'); x({ cancel: { label: 'Cancel' } })",
        file,
      ),
    ).toEqual(['message: "The key was saved." (line 1)', 'label: "Cancel" (line 1)'])
  })

  for (const file of uiFiles()) {
    it(relative(PROJECT_ROOT, file), () => {
      expect(untranslated(file)).toEqual([])
    })
  }
})
