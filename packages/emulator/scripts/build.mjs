// Bundle the emulator's CLI into one ESM file so `lakebox serve` starts with plain node, without a
// TypeScript loader (start-to-ready is a benchmarked figure). Native and lazily loaded packages stay external.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist');
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

await build({
  entryPoints: [join(root, 'src/cli.ts')],
  outdir,
  // Lazily imported modules (the SQL engine, the reconciler) become chunks loaded on first use.
  splitting: true,
  // Chunks sit beside cli.js: modules that read files next to themselves (import.meta.url) find them.
  chunkNames: '[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', '@aws-sdk/*', '@duckdb/*', 'tsx'],
  // Bundled CommonJS dependencies (yaml) call require() for Node built-ins: give ESM output a real one.
  banner: {
    js: "import { createRequire as lakeboxCreateRequire } from 'node:module'; const require = lakeboxCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// Data files the bundle reads next to itself at run time.
const validate = join(root, 'src/protocol/validate');
for (const f of readdirSync(validate)) {
  if (f.endsWith('.generated.json')) copyFileSync(join(validate, f), join(outdir, f));
}
