import { defineArea } from '../define'

/** The words of machines (English, then Spanish). */
export default defineArea({}, {})
