import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Browser, chromium, type Page } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const consoleDir = join(root, 'apps', 'console');
export const SCREENSHOTS = join(root, 'test-artifacts', 'console');

/** Debian's chromium (`.ci/run` installs it), or `CHROMIUM_PATH`. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Build the console with Vite into a fresh folder of this test file and point the emulator at it
 * (`LAKEBOX_CONSOLE_DIR`), so parallel test files never race on `apps/console/dist`, and what is tested is
 * the production build the emulator serves. Built once per test file (process).
 */
let built: Promise<string> | undefined;

export function buildConsole(): Promise<string> {
  built ??= build();
  return built.then((dir) => {
    process.env['LAKEBOX_CONSOLE_DIR'] = dir;
    return dir;
  });
}

async function build(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'lakebox-console-'));
  const vite = join(consoleDir, 'node_modules', 'vite', 'bin', 'vite.js');
  await promisify(execFile)(
    process.execPath,
    [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    {
      cwd: consoleDir,
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  return outDir;
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (see .ci/run)`);
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** Save a full-page screenshot as `test-artifacts/console/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * A page that fails the test on any uncaught error in the console app (errors logged by the app itself
 * for a failing call are part of normal behaviour and are kept in `consoleErrors` for inspection).
 */
export async function openPage(browser: Browser, width = 1280): Promise<{ page: Page; pageErrors: Error[] }> {
  const context = await browser.newContext({ viewport: { width, height: 860 }, acceptDownloads: true });
  const page = await context.newPage();
  const pageErrors: Error[] = [];
  page.on('pageerror', (e) => pageErrors.push(e));
  return { page, pageErrors };
}
