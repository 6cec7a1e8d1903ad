import { defineArea } from '../define'

/** The words of settings (English, then Spanish). */
export default defineArea({}, {})
