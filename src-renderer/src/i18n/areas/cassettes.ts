import { defineArea } from '../define'

/** The words of cassettes (English, then Spanish). */
export default defineArea({}, {})
