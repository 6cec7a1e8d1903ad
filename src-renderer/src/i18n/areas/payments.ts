import { defineArea } from '../define'

/** The words of payments (English, then Spanish). */
export default defineArea({}, {})
