import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_NAME = 'SatMachine Operator'

/**
 * The app's user-data folder, computed the way Electron's app.getPath('userData') does,
 * so the desktop app, the CLI and the bridge open the same ledger by default.
 * SATOP_DATA_DIR overrides it (handy for scripts and tests).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.SATOP_DATA_DIR) return env.SATOP_DATA_DIR
  const home = homedir()
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME)
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME)
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_NAME)
}
