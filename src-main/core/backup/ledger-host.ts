import type { AuditEntry } from '../audit/log'

/** What a restore asks of the core: the one thing a command cannot do from inside (swap the ledger it runs on). */
export interface LedgerHost {
  /**
   * Lets every other command under way finish, holds new ones, closes the ledger, runs `put`
   * (which puts another ledger in its place and says where the old one was kept), opens the
   * ledger again and writes `audit` into it. If `put` fails, the ledger it had is opened again.
   */
  replace(put: () => Promise<string>, audit: AuditEntry): Promise<string>
}
