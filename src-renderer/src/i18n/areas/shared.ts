import { defineArea } from '../define'

/** The words of shared (English, then Spanish). */
export default defineArea({}, {})
