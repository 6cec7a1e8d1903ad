import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ArgsOf } from '../../../src-shared/contract/commands'
import type { SplitRuleset } from '../../../src-shared/domain/splits'
import { api } from '../client'
import { errorText } from '../composables/command'
import { storeEvents } from '../composables/events'

/** A ruleset's scope as the pages name it: '' for the default, else the machine's id. */
export type SplitScope = string

const scopeArgs = (scope: SplitScope) => (scope ? { machine_id: scope } : {})

/**
 * The commission rulesets, by scope, as the core returns them (a machine without an override gets the
 * default), and the error of each one's last load. Mutations throw the core's CommandError.
 */
export const useSplitsStore = defineStore('splits', () => {
  const rulesets = ref<Record<SplitScope, SplitRuleset>>({})
  const errors = ref<Record<SplitScope, string | null>>({})

  async function load(scope: SplitScope): Promise<void> {
    errors.value[scope] = null
    try {
      rulesets.value[scope] = await api.call('splits.get', scopeArgs(scope))
    } catch (e) {
      errors.value[scope] = errorText(e)
    }
  }

  async function replace(scope: SplitScope, legs: ArgsOf<'splits.replace'>['legs']): Promise<SplitRuleset> {
    const ruleset = await api.call('splits.replace', { ...scopeArgs(scope), legs })
    rulesets.value[scope] = ruleset
    return ruleset
  }

  async function clear(scope: SplitScope): Promise<SplitRuleset> {
    const cleared = await api.call('splits.clear', scopeArgs(scope))
    await load(scope)
    return cleared
  }

  // A change to the default shows in every machine without an override: reload each scope shown before.
  const follow = storeEvents(['splits.changed'], () => Promise.all(Object.keys(rulesets.value).map(load)))

  return { rulesets, errors, load, replace, clear, follow }
})
