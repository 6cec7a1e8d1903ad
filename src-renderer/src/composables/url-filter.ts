import { computed, reactive, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'

/**
 * A list page's filter, kept in the address: it survives a reload, and a link (from a machine's
 * page) or a bookmark opens the list filtered. Each key is a text; '' (or a cleared field's null)
 * is no filter.
 */
export function useUrlFilter<K extends string>(keys: readonly K[], allowed: Partial<Record<K, readonly string[]>> = {}) {
  const route = useRoute()
  const router = useRouter()
  /** a key's value in the address; one not among its allowed values (a hand-edited address) is no filter */
  const read = (key: K) => {
    const v = typeof route.query[key] === 'string' ? (route.query[key] as string) : ''
    return allowed[key] && !allowed[key]!.includes(v) ? '' : v
  }
  const filter = reactive(Object.fromEntries(keys.map((k) => [k, read(k)]))) as Record<K, string | null>
  const value = (key: K) => filter[key]?.trim() ?? ''
  const active = computed(() => keys.some((k) => value(k) !== ''))

  function clear(): void {
    for (const k of keys) filter[k] = ''
  }

  watch(filter, () => {
    void router.replace({ query: Object.fromEntries(keys.filter((k) => value(k)).map((k) => [k, value(k)])) })
  })
  // the address changed by a link or the menu (the same page, another filter): the fields follow it
  watch(
    () => route.query,
    () => {
      for (const k of keys) if (read(k) !== value(k)) filter[k] = read(k)
    },
  )

  return { filter, value, active, clear }
}

/** A day typed in a date field as the moment it starts here; `to` is the day after, so the day itself is included. */
export function periodArgs(from: string, to: string): { from?: string; to?: string } {
  const start = dayStart(from)
  const end = dayStart(to, 1)
  return { ...(start ? { from: start } : {}), ...(end ? { to: end } : {}) }
}

function dayStart(day: string, plusDays = 0): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays).toISOString() : undefined
}
