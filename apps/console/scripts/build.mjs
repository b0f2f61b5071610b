// Build the console with Vite unless dist/ is already newer than every source file: `pnpm lakebox <command>`
// builds it before each run, and most runs (plan, apply, serve again) should not pay for a rebuild.
// `pnpm --filter @lakebox/console build --force` (or LAKEBOX_CONSOLE_REBUILD=1) always rebuilds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'index.html');

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let max = s.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

const inputs = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(root, p));
const force = process.argv.includes('--force') || process.env.LAKEBOX_CONSOLE_REBUILD === '1';
const fresh =
  !force &&
  existsSync(built) &&
  statSync(built).mtimeMs >= Math.max(...inputs.filter((p) => existsSync(p)).map(newest));
if (!fresh) {
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
