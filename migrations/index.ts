import * as m0001 from './0001_ledger'
import * as m0002 from './0002_ingestion'
import * as m0003 from './0003_void_and_reverse'
import * as m0004 from './0004_destination_checks'
import * as m0005 from './0005_cash_in_cursor'
import * as m0006 from './0006_plan_inputs'
import * as m0007 from './0007_reconcile_reports'
import * as m0008 from './0008_alerts'
import * as m0009 from './0009_alert_refs'
import * as m0010 from './0010_lp_allocated'

/**
 * Every migration, in order. Imported statically so the bundle carries them: the app
 * never scans a directory at run time. Append new ones; never edit one that shipped.
 */
export interface Migration {
  id: string
  sql: string
  /** a table rebuild (SQLite's 12-step procedure) needs foreign keys off; they are checked before commit */
  foreignKeysOff?: boolean
}

export const migrations: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010]
