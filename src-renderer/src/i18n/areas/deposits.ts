import { defineArea } from '../define'

/** The words of deposits (English, then Spanish). */
export default defineArea({}, {})
