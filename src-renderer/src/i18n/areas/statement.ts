import { defineArea } from '../define'

/** The words of statement (English, then Spanish). */
export default defineArea({}, {})
