import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ConnectionState } from '../../../src-shared/contract/client'
import { transport } from '../client'

/** View state only: how this window is connected to the core. */
export const useConnectionStore = defineStore('connection', () => {
  const state = ref<ConnectionState>(transport.state())
  const kind = transport.kind
  transport.onState((s) => {
    state.value = s
  })
  return { state, kind }
})
