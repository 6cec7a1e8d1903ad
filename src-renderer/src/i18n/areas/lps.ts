import { defineArea } from '../define'

/** The words of lps (English, then Spanish). */
export default defineArea({}, {})
