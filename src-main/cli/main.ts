import { runCliInProcess } from './process-io'

// The `satop` command (bin/satop.mjs runs this build).
void runCliInProcess(process.argv.slice(2)).then((status) => {
  process.exitCode = status
})
