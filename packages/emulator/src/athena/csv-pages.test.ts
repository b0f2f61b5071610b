import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvPage } from './csv-pages.js';

const dir = mkdtempSync(join(tmpdir(), 'csv-pages-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('readCsvPage', () => {
  it('tells NULL (empty unquoted) from the empty string, and undoubles quotes', () => {
    const f = file('a.csv', '"a","b","c"\n"1",,""\n"x ""y"", z","line\nbreak","é€😀"\n');
    const page = readCsvPage(f, 0, 10);
    expect(page.rows).toEqual([
      ['a', 'b', 'c'],
      ['1', null, ''],
      ['x "y", z', 'line\nbreak', 'é€😀'],
    ]);
    expect(page.nextOffset).toBeUndefined();
  });

  it('pages by byte offset, and the offsets chain to the end', () => {
    const lines = ['"n"'];
    for (let i = 0; i < 2500; i++) lines.push(`"${i}","${'ü'.repeat(i % 7)}"`);
    const f = file('b.csv', `${lines.join('\n')}\n`);
    const seen: string[] = [];
    let offset: number | undefined = 0;
    let pages = 0;
    while (offset !== undefined) {
      const page = readCsvPage(f, offset, 1000);
      pages++;
      for (const r of page.rows) seen.push(r[0] ?? 'NULL');
      offset = page.nextOffset;
    }
    expect(pages).toBe(3);
    expect(seen.length).toBe(2501);
    expect(seen[0]).toBe('n');
    expect(seen[2500]).toBe('2499');
  });

  it('reads values longer than its read chunk', () => {
    const big = 'x'.repeat(600_000);
    const f = file('c.csv', `"v"\n"${big}"\n"after"\n`);
    const page = readCsvPage(f, 0, 10);
    expect(page.rows.map((r) => r[0]?.length)).toEqual([1, 600_000, 5]);
  });

  it('a file with only a header, and an empty file', () => {
    expect(readCsvPage(file('d.csv', '"a"\n'), 0, 5)).toEqual({ rows: [['a']], nextOffset: undefined });
    expect(readCsvPage(file('e.csv', ''), 0, 5)).toEqual({ rows: [], nextOffset: undefined });
  });
});
