import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pictogramsPlugin } from './scripts/vite-pictograms';

const { version } = JSON.parse(
  readFileSync(new URL('./package.json', import.meta.url), 'utf8'),
) as {
  version: string;
};

/**
 * The package version plus the commit it was built from (or the build time outside git), so
 * every deploy is a new app version: the devices list shows which build a tablet runs, and a
 * tablet re-reads pull changes an earlier build could not use.
 */
function buildId(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short=8', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return Date.now().toString(36);
  }
}

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(`${version}+${buildId()}`) },
  plugins: [
    svelte(),
    pictogramsPlugin(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'prompt',
      // main.ts registers through workbox-window itself, after the first paint.
      injectRegister: false,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,webmanifest}'],
      },
      manifest: {
        name: 'Involve',
        short_name: 'Involve',
        description:
          'Capture what people say at engagement events, offline, and show what changed.',
        lang: 'en-GB',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#f4f6f8',
        theme_color: '#1d4e89',
        icons: [
          { src: '/pwa-192x192.png', sizes: '192x192', type: 'image/png' },
          { src: '/pwa-512x512.png', sizes: '512x512', type: 'image/png' },
          {
            src: '/maskable-icon-512x512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
          { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
    }),
  ],
  build: {
    target: 'es2022',
    sourcemap: false,
    // Lazy screens fetch their own imports rather than the entry listing every chunk each
    // one needs (CSS is still listed, so no screen paints unstyled). The lists cost ~1 KB of
    // the first paint; the screens come from the service worker's cache, where one more
    // hop is a few milliseconds. BENCHMARKS.md has the figures.
    modulePreload: false,
  },
  server: { port: 5173 },
});
