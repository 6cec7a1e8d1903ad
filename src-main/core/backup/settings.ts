/** The backup settings' defaults (settings.update changes them). */
export const BACKUP_DEFAULTS = {
  /** hours between automatic backups while the app runs */
  intervalHours: 6,
  /** backups kept in the data folder; older ones are removed after each new one */
  keep: 10,
} as const
