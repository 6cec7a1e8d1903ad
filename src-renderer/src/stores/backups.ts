import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ArgsOf } from '../../../src-shared/contract/commands'
import type { BackupCreated, BackupEntry, BackupInspection, BackupRestored } from '../../../src-shared/domain/backup'
import { api } from '../client'
import { reportError } from '../composables/command'
import { storeEvents } from '../composables/events'

/** The data folder's backups; making, inspecting and restoring them (the core checks and does all of it). */
export const useBackupsStore = defineStore('backups', () => {
  const list = ref<BackupEntry[] | null>(null)

  async function load(): Promise<void> {
    try {
      list.value = await api.call('backup.list', {})
    } catch (e) {
      reportError(e)
    }
  }

  const create = (args: ArgsOf<'backup.create'>): Promise<BackupCreated> => api.call('backup.create', args)
  const inspect = (args: ArgsOf<'backup.inspect'>): Promise<BackupInspection> => api.call('backup.inspect', args)
  const restore = (args: ArgsOf<'backup.restore'>): Promise<BackupRestored> => api.call('backup.restore', args)

  const follow = storeEvents(['backups.changed'], load)
  return { list, load, create, inspect, restore, follow }
})
