import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvRowToAthena, prefetchCsvPageJson, readCsvPage, readCsvPageJson, takeCsvPageJson } from './csv-pages.js';

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

/** The object path: rows decoded to strings, made Athena `Row`s and written by JSON.stringify. */
function objectPage(f: string, offset: number, maxRows: number) {
  const page = readCsvPage(f, offset, maxRows);
  return { json: JSON.stringify(page.rows.map(csvRowToAthena)).slice(1, -1), nextOffset: page.nextOffset };
}

/** Page through `f` both ways with `maxRows` a page, expecting the same bytes and offsets on every page. */
function expectSamePages(f: string, maxRows: number): number {
  let offset: number | undefined = 0;
  let pages = 0;
  while (offset !== undefined) {
    const fast = readCsvPageJson(f, offset, maxRows);
    const slow = objectPage(f, offset, maxRows);
    expect(fast.json.toString('utf8')).toBe(slow.json);
    expect(fast.nextOffset).toBe(slow.nextOffset);
    expect(fast.rows).toBe(readCsvPage(f, offset, maxRows).rows.length);
    // Stop on a page that does not advance (a malformed tail): the object path repeats it too.
    if (fast.nextOffset === offset) break;
    offset = fast.nextOffset;
    pages++;
  }
  return pages;
}

const ALL_ASCII = Array.from({ length: 128 }, (_, b) => String.fromCharCode(b)).join('');

describe('readCsvPageJson writes what JSON.stringify writes for readCsvPage rows', () => {
  it('a NULL is {}, an empty string keeps VarCharValue, escapes match JSON.stringify', () => {
    const f = file(
      'j1.csv',
      '"a","b","c"\n"1",,""\n"x ""y"", z","line\nbreak","é€😀"\n"\\\\","\t\r\b\f","\u2028\u2029"\n',
    );
    const page = readCsvPageJson(f, 0, 10);
    expect(JSON.parse(`[${page.json.toString('utf8')}]`)).toEqual([
      { Data: [{ VarCharValue: 'a' }, { VarCharValue: 'b' }, { VarCharValue: 'c' }] },
      { Data: [{ VarCharValue: '1' }, {}, { VarCharValue: '' }] },
      { Data: [{ VarCharValue: 'x "y", z' }, { VarCharValue: 'line\nbreak' }, { VarCharValue: 'é€😀' }] },
      { Data: [{ VarCharValue: '\\\\' }, { VarCharValue: '\t\r\b\f' }, { VarCharValue: '\u2028\u2029' }] },
    ]);
    expect(page.rows).toBe(4);
    expectSamePages(f, 10);
  });

  it('every ASCII character, quoted and unquoted, and every control character alone', () => {
    const quoted = `"${ALL_ASCII.replaceAll('"', '""')}"`;
    const unquoted = ALL_ASCII.replace(/[,\n"]/g, '');
    const singles = Array.from({ length: 32 }, (_, b) => `"${String.fromCharCode(b)}"`).join(',');
    const f = file('j2.csv', `"h"\n${quoted},${unquoted}\n${singles}\n"\\",\\,"""",a"b\n`);
    expect(expectSamePages(f, 1)).toBe(4);
    expectSamePages(f, 1000);
  });

  it('CRLF line ends, empty lines, no final newline, lone CR, a quote as the last byte', () => {
    for (const [name, text] of [
      ['j3.csv', '"a","b"\r\n"1",\r\n,"2"\r\n'],
      ['j4.csv', '"a"\n\n\n"b"\n'],
      ['j5.csv', '"a","b"\n"1","2"'],
      ['j6.csv', '"a","b"\n1,2'],
      ['j7.csv', '"a"\n"x\ry"\r\n"z"\r'],
      ['j8.csv', '"a"\n""'],
      ['j9.csv', ''],
      ['j10.csv', '\n'],
      ['j11.csv', ','],
    ] as const) {
      expectSamePages(file(name, text), 1);
      expectSamePages(file(name, text), 3);
    }
  });

  it('text that is not our format: the same lenience as readCsvPage', () => {
    for (const [name, text] of [
      ['k1.csv', '"a"x,"b"\n"c"\n'],
      ['k2.csv', '"a"x"b"\n"c"\n'],
      ['k3.csv', 'ab"c,d\n"e"\n'],
      ['k4.csv', '"a"\n"unterminated\n'],
      ['k5.csv', '"a""'],
    ] as const) {
      expectSamePages(file(name, text), 1);
      expectSamePages(file(name, text), 1000);
    }
  });

  it('bytes that are not UTF-8 come out as U+FFFD, as the decoding path gives them', () => {
    const bad = [
      Buffer.from([0xff]),
      Buffer.from([0xc3]), // a truncated two-byte sequence
      Buffer.from([0xe2, 0x82]), // a truncated three-byte sequence
      Buffer.from([0xed, 0xa0, 0x80]), // an encoded surrogate
      Buffer.from([0xc0, 0x80]), // an overlong NUL
      Buffer.from([0xf4, 0x90, 0x80, 0x80]), // beyond U+10FFFF
    ];
    const parts: Buffer[] = [Buffer.from('"h","i"\n')];
    for (const b of bad) {
      parts.push(Buffer.from('"ok é","'), b, Buffer.from('x"\n'), Buffer.from('"é"\n'), b, Buffer.from(',"y"\n'));
    }
    const f = join(dir, 'bad.csv');
    writeFileSync(f, Buffer.concat(parts));
    expectSamePages(f, 1);
    expectSamePages(f, 5);
    // A NextToken offset inside a multi-byte character: the decoding path's answer too.
    writeFileSync(join(dir, 'mid.csv'), '"h"\n"ééé"\n"x"\n');
    expect(readCsvPageJson(join(dir, 'mid.csv'), 6, 10).json.toString('utf8')).toBe(
      objectPage(join(dir, 'mid.csv'), 6, 10).json,
    );
  });

  it('values longer than the read chunk and the output buffer, full of escapes', () => {
    const big = '\u0001"\\é'.repeat(200_000);
    const f = file('j12.csv', `"v"\n"${big.replaceAll('"', '""')}",x\n"after"\n`);
    expect(expectSamePages(f, 1)).toBe(3);
    expect(JSON.parse(`[${readCsvPageJson(f, 0, 2).json.toString('utf8')}]`)[1].Data[0].VarCharValue).toBe(big);
  });

  it('random rows of tricky pieces page alike at any page size', () => {
    const pieces = [
      '',
      'a',
      ' ',
      ',',
      '"',
      '""',
      '\n',
      '\r\n',
      '\\',
      '\u0000',
      '\u001f',
      '\u007f',
      'é',
      '€',
      '😀',
      '\u2028',
      '\u2029',
      'NULL',
      '\t',
    ];
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const value = () => {
      if (random(5) === 0) return ''; // NULL
      let text = '';
      for (let k = random(6); k > 0; k--) text += pieces[random(pieces.length)];
      return `"${text.replaceAll('"', '""')}"`;
    };
    const lines = ['"a","b","c"'];
    for (let r = 0; r < 3000; r++) lines.push([value(), value(), value()].join(','));
    const f = file('random.csv', `${lines.join('\n')}\n`);
    expect(expectSamePages(f, 1000)).toBe(4);
    expectSamePages(f, 7);
    expectSamePages(f, 1);
  });
});

describe('pages read ahead', () => {
  it('serves a page read ahead only for the same file, offset and size', () => {
    const lines = ['"n"'];
    for (let i = 0; i < 30; i++) lines.push(`"${i}"`);
    const f = file('ahead.csv', `${lines.join('\n')}\n`);
    const first = readCsvPageJson(f, 0, 10);
    const next = first.nextOffset ?? -1;
    const direct = readCsvPageJson(f, next, 10);
    const expected = { json: Buffer.from(direct.json).toString(), rows: direct.rows, nextOffset: direct.nextOffset };

    prefetchCsvPageJson(f, next, 10);
    const taken = takeCsvPageJson(f, next, 10);
    expect({ json: taken.json.toString(), rows: taken.rows, nextOffset: taken.nextOffset }).toEqual(expected);

    // Another size is another page; and a file replaced after the read ahead is read again.
    prefetchCsvPageJson(f, next, 10);
    expect(takeCsvPageJson(f, next, 5).rows).toBe(5);
    prefetchCsvPageJson(f, next, 10);
    const replaced = `${f}.new`;
    // Same lengths, other values: the offset still starts a row.
    writeFileSync(
      replaced,
      `"n"\n${Array.from({ length: 30 }, (_, i) => `"${String.fromCharCode(65 + (i % 26))}"`).join('\n')}\n`,
    );
    renameSync(replaced, f);
    const fresh = takeCsvPageJson(f, next, 10);
    expect(fresh.json.toString()).toContain('{"Data":[{"VarCharValue":"K"}]}');
  });
});
