// Bundle the emulator's CLI into one ESM file so `lakebox serve` starts with plain node, without a
// TypeScript loader (start-to-ready is a benchmarked figure). Native and lazily loaded packages stay external.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist');
mkdirSync(outdir, { recursive: true });

await build({
  entryPoints: [join(root, 'src/cli.ts')],
  outfile: join(outdir, 'cli.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', '@aws-sdk/*', '@duckdb/*', 'tsx'],
  logLevel: 'warning',
});

// Data files the bundle reads next to itself at run time.
const validate = join(root, 'src/protocol/validate');
for (const f of readdirSync(validate)) {
  if (f.endsWith('.generated.json')) copyFileSync(join(validate, f), join(outdir, f));
}
