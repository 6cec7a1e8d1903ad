import { defineStore } from 'pinia'
import type { AuditVerification } from '../../../src-shared/domain/audit'
import { api } from '../client'
import { usePagedList } from '../composables/paged'

/** The audit log's latest entries, and the check of its hash chain. */
export const useAuditStore = defineStore('audit', () => {
  const list = usePagedList('audit.list', () => ({ limit: 20 }))

  /** Throws the core's CommandError. The answer is the asking view's to show (it is not kept). */
  function verify(): Promise<AuditVerification> {
    return api.call('audit.verify', {})
  }

  return { list, verify }
})
