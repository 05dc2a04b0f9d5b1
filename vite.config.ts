import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import pkg from './package.json' with { type: 'json' };

/**
 * Everything the first screen imports statically goes in one chunk: Rolldown
 * otherwise splits modules shared by the entry and several lazy screens into
 * extra initial chunks (rolldown/rolldown#10731), which costs the size budget.
 */
const entry = fileURLToPath(new URL('./src/ui/shell/main.tsx', import.meta.url));
let initial: Set<string> | undefined;
function initialChunk(id: string, ctx: { getModuleInfo(id: string): { importedIds: readonly string[] } | null }): string | null {
  if (!initial) {
    initial = new Set();
    const todo = [entry];
    while (todo.length) {
      const m = todo.pop()!;
      if (initial.has(m)) continue;
      initial.add(m);
      todo.push(...(ctx.getModuleInfo(m)?.importedIds ?? []));
    }
  }
  return initial.has(id) ? 'index' : null;
}

export default defineConfig({
  plugins: [
    preact(),
    VitePWA({
      strategies: 'injectManifest',
      injectRegister: false,
      srcDir: 'src/sw',
      filename: 'sw.ts',
      // The manifest is added by the plugin; listing webmanifest here would precache it twice.
      injectManifest: { globPatterns: ['**/*.{js,css,html,svg,png,woff2}'] },
      manifest: {
        name: '清原满族自治县政务公开',
        short_name: '政务公开',
        lang: 'zh-CN',
        start_url: '/',
        display: 'fullscreen',
        background_color: '#f6f3ee',
        theme_color: '#9e1b1b',
        icons: [{ src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      devOptions: { enabled: false },
    }),
  ],
  // APP_VERSION names a build (e2e/kiosk-update.spec.ts builds a second version to update a running kiosk to).
  define: { __APP_VERSION__: JSON.stringify(process.env.APP_VERSION ?? `${pkg.version} (${new Date().toISOString().slice(0, 10)})`) },
  build: {
    target: 'es2022',
    sourcemap: false,
    assetsInlineLimit: 0,
    // Every browser we serve (Chromium kiosks and boards, current phones) preloads modules itself:
    // the polyfill would be 0.4 KB of the first screen's budget for nobody.
    modulePreload: { polyfill: false },
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: initialChunk }] } } },
  },
});
