import { defineArea } from '../define'

/** The words of splits (English, then Spanish). */
export default defineArea({}, {})
