import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import { quasar, transformAssetUrls } from '@quasar/vite-plugin'
import type { Plugin } from 'vite'
import { RENDERER_CSP_META } from './src-shared/web/security-headers'

/** The renderer's CSP meta tag comes from the one policy the bridge and the app:// protocol also send. */
const contentPolicy: Plugin = {
  name: 'satop-content-policy',
  transformIndexHtml: (html) => html.replace('%RENDERER_CSP%', RENDERER_CSP_META),
}

// One build produces the Electron main process, its preload, the renderer, the two
// plain-Node entries (the `satop` CLI and the browser bridge) that share the core, and the
// ATM simulator used in development and tests.
export default defineConfig({
  main: {
    build: {
      // The CLI and the bridge run under the system Node (20.19+), not Electron's newer one.
      target: 'node20',
      rolldownOptions: {
        input: {
          index: resolve('src-main/shell/main.ts'),
          cli: resolve('src-main/cli/main.ts'),
          serve: resolve('src-main/bridge/serve.ts'),
          // the core in a process of its own (the desktop app's utilityProcess)
          'core-process': resolve('src-main/core-process/main.ts'),
          // a development tool that plays the ATM (never part of the app's window or CLI)
          'atm-sim': resolve('src-main/atm-sim/main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rolldownOptions: {
        input: { index: resolve('src-main/shell/preload.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src-renderer'),
    base: './',
    build: {
      rolldownOptions: { input: { index: resolve('src-renderer/index.html') } },
    },
    plugins: [vue({ template: { transformAssetUrls } }), quasar({ sassVariables: false }), contentPolicy],
  },
})
