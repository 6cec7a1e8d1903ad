export function lnbitsVenvReady(): boolean
export function ensureLnbitsVenv(log?: (message: string) => void): string
