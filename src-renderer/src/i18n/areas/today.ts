import { defineArea } from '../define'

/** The words of today (English, then Spanish). */
export default defineArea({}, {})
