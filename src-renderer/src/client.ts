import { createTransport } from './transport'

/** The one transport of this window, created at start-up. */
export const transport = createTransport()
export const api = transport.client
