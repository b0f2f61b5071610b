import { defineConfig } from 'vite';

/** Where `pnpm --filter @lakebox/console dev` sends AWS API calls: a running lakebox. */
const lakebox = process.env['LAKEBOX_ENDPOINT'] ?? 'http://127.0.0.1:4566';

/**
 * The console is served by the emulator under /_lakebox/console/ (production build in dist/). In dev, Vite
 * serves the app under the same base and proxies everything else (the AWS APIs at /, S3 paths, /_lakebox/events)
 * to the lakebox, so the browser still talks to one origin and needs no CORS.
 */
export default defineConfig({
  base: '/_lakebox/console/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2048, sourcemap: false },
  server: {
    proxy: { '^/(?!_lakebox/console).*': { target: lakebox, changeOrigin: false } },
  },
});
