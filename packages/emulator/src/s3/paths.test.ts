import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ESCAPED_DIR, escapedPath, insideDir, naturalPath, placeKey } from './paths.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function bucket(): string {
  const d = mkdtempSync(join(tmpdir(), 'lakebox-paths-'));
  dirs.push(d);
  return d;
}

describe('key to file mapping', () => {
  it('keeps plain keys as their own relative path', () => {
    expect(naturalPath('dir/file.parquet')).toBe(join('dir', 'file.parquet'));
    expect(naturalPath('year=2024/month=01/part-0.csv')).toBe(join('year=2024', 'month=01', 'part-0.csv'));
    expect(naturalPath('ünï/файл')).toBe(join('ünï', 'файл'));
  });

  it.each([
    '',
    '..',
    'a/../b',
    './a',
    '/abs',
    'a//b',
    'dir/',
    'nul\u0000',
    'ctl\u0001',
    'back\\slash',
    'x'.repeat(256),
    `${ESCAPED_DIR}/x`,
    'lone\ud800surrogate',
  ])('escapes %j', (key) => {
    expect(naturalPath(key)).toBeUndefined();
    expect(escapedPath(key)).toMatch(new RegExp(`^${ESCAPED_DIR.replace('.', '\\.')}/[0-9a-f]{64}$`));
  });

  it('escapes a key whose path is taken by a file or folder, or crosses a symlink', () => {
    const dir = bucket();
    writeFileSync(join(dir, 'a'), 'x');
    expect(placeKey(dir, 'a/b')).toBe(escapedPath('a/b'));
    expect(placeKey(dir, 'a')).toBe('a');
    mkdirSync(join(dir, 'd'));
    expect(placeKey(dir, 'd')).toBe(escapedPath('d'));
    expect(placeKey(dir, 'd/e')).toBe(join('d', 'e'));
    symlinkSync(tmpdir(), join(dir, 'link'));
    expect(placeKey(dir, 'link/x')).toBe(escapedPath('link/x'));
    expect(placeKey(dir, 'link')).toBe(escapedPath('link'));
  });

  it('refuses paths that resolve outside the folder', () => {
    const dir = bucket();
    expect(insideDir(dir, 'a/b')).toBe(join(dir, 'a', 'b'));
    for (const bad of ['../x', '/etc/passwd', 'a/../../x', '', '.']) expect(() => insideDir(dir, bad)).toThrow();
  });
});
