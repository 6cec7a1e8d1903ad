import { defineArea } from '../define'

/** The words of settlements (English, then Spanish). */
export default defineArea({}, {})
