export function lnbitsVenvReady(): boolean
export function ensureLnbitsVenv(log?: (message: string) => void): string
/** Where the LNbits virtualenv lives: outside the work tree (SATOP_LNBITS_VENV chooses another place). */
export const LNBITS_VENV: string
