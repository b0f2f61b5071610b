/** The crawler's built-in classifiers and exclusion globs, as pure functions. */
import { describe, expect, it } from 'vitest';
import { excluder } from '../../packages/emulator/src/glue/crawlers/exclusions.js';
import { classifyText } from '../../packages/emulator/src/glue/crawlers/text-schema.js';

const text = (s: string) => classifyText(Buffer.from(s), true);

describe('CSV classifier', () => {
  it('detects the delimiter, the header and bigint/double/boolean/string columns', () => {
    expect(text('id;price;ok;name\n1;2.5;true;a\n2;3;false;b\n')).toEqual({
      kind: 'csv',
      columns: [
        { Name: 'id', Type: 'bigint' },
        { Name: 'price', Type: 'double' },
        { Name: 'ok', Type: 'boolean' },
        { Name: 'name', Type: 'string' },
      ],
      delimiter: ';',
      header: true,
      quoted: false,
      records: 2,
      bytes: expect.any(Number),
    });
  });

  it('tab-separated, quoted fields holding the delimiter', () => {
    const facts = text('"a,b","c"\n"d,e","f"\n');
    expect(facts).toMatchObject({ kind: 'csv', delimiter: ',', quoted: true, header: false });
    expect(facts?.columns.map((c) => c.Name)).toEqual(['col0', 'col1']);
    expect(text('x\ty\n1\t2\n')).toMatchObject({ delimiter: '\t', header: true });
  });

  it('a first line that is data (numbers in it) is not a header', () => {
    expect(text('1,2\n3,4\n')).toMatchObject({
      header: false,
      columns: [
        { Name: 'col0', Type: 'bigint' },
        { Name: 'col1', Type: 'bigint' },
      ],
      records: 2,
    });
  });

  it('one column, or lines of different widths, is not CSV', () => {
    expect(text('just one column\nand another\n')).toBeUndefined();
    expect(text('a,b\n1,2,3\n')).toBeUndefined();
  });

  it('a sample cut short drops its last, partial line', () => {
    expect(classifyText(Buffer.from('a,b\n1,2\n3,4\n5,'), false)).toMatchObject({ records: 2 });
  });
});

describe('JSON classifier', () => {
  it('JSON lines: int, bigint, double, boolean, string, struct, array; keys lower-cased, types merged', () => {
    const facts = text(
      [
        '{"Id":1,"big":5000000000,"x":1,"ok":true,"s":"a","st":{"a":1},"arr":[1,2]}',
        '{"Id":2,"big":1,"x":1.5,"ok":false,"s":"b","st":{"b":"z"},"arr":[],"extra":null}',
      ].join('\n'),
    );
    expect(facts).toMatchObject({
      kind: 'json',
      keys: ['Id', 'big', 'x', 'ok', 's', 'st', 'arr', 'extra'],
      records: 2,
      columns: [
        { Name: 'id', Type: 'int' },
        { Name: 'big', Type: 'bigint' },
        { Name: 'x', Type: 'double' },
        { Name: 'ok', Type: 'boolean' },
        { Name: 's', Type: 'string' },
        { Name: 'st', Type: 'struct<a:int,b:string>' },
        { Name: 'arr', Type: 'array<int>' },
        { Name: 'extra', Type: '' },
      ],
    });
  });

  it('a line that is not a JSON object makes the file not JSON', () => {
    expect(text('{"a":1}\n[1,2]\n')).toBeUndefined();
  });
});

describe('exclusion globs (Glue include/exclude patterns)', () => {
  it('* stays in a segment, ** crosses them, ? [] {} work', () => {
    const x = excluder(['*.csv', 'logs/**', 'd?ta/x', 'y[0-9].json', '{a,b}/c', 'no[!a-z]']);
    expect(x('top.csv')).toBe(true);
    expect(x('sub/deep.csv')).toBe(false);
    expect(x('logs/2024/01/a.json')).toBe(true);
    expect(x('data/x')).toBe(true);
    expect(x('y7.json')).toBe(true);
    expect(x('y77.json')).toBe(false);
    expect(x('b/c')).toBe(true);
    expect(x('no1')).toBe(true);
    expect(x('noa')).toBe(false);
    expect(excluder(['**.csv'])('sub/deep.csv')).toBe(true);
  });
});
