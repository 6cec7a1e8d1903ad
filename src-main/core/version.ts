import pkg from '../../package.json'

/** The app's version, as package.json states it (bundled at build time). */
export const APP_VERSION: string = pkg.version
