/**
 * Text data as users upload it (CSV with headers, TSV, quoted CSV, gzip, JSON lines), registered with Glue
 * and queried with Athena, through the SDKs only.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { startAthenaTestLakebox } from '../support/athena.js';
import { columnTypes, createTable, FORMATS, select, upload } from './lake.js';

describe('text tables through S3, Glue and Athena', () => {
  it('CSV folder with a header line per file (LazySimpleSerDe, skip.header.line.count=1)', async () => {
    await using t = await startAthenaTestLakebox();
    await upload(
      t,
      's3://lake/csv/sales/part-00000.csv',
      'id,item,price,sold,paid,qty\n1,apple,1.25,2024-01-01,true,3\n2,banana,0.5,2024-01-02,false,12\n',
    );
    await upload(
      t,
      's3://lake/csv/sales/part-00001.csv',
      'id,item,price,sold,paid,qty\n3,cherry,10,2024-02-29,true,\n4,\\N,2.75,2024-03-01,false,7\n',
    );
    // What Spark and Hadoop leave beside data files: never read (they would add rows or break the parse).
    await upload(t, 's3://lake/csv/sales/_SUCCESS', 'header\n99,success,1,2024-01-01,true,1\n');
    await upload(t, 's3://lake/csv/sales/.part-00000.csv.crc', 'crc\n98,crc,1,2024-01-01,true,1\n');
    await upload(t, 's3://lake/csv/sales/_temporary/0/part-9.csv', 'x\n97,tmp,1,2024-01-01,true,1\n');
    await upload(t, 's3://lake/csv/salesman/other.csv', 'x\n96,prefix-sibling,1,2024-01-01,true,1\n');
    await createTable(t, {
      database: 'lake',
      name: 'sales',
      columns: ['id bigint', 'item string', 'price double', 'sold date', 'paid boolean', 'qty int'],
      location: 's3://lake/csv/sales',
      format: FORMATS.csv(','),
      parameters: { 'skip.header.line.count': '1', classification: 'csv' },
    });

    const answer = await select(t, 'SELECT * FROM sales ORDER BY id', 'lake');
    expect(answer.header).toEqual(['id', 'item', 'price', 'sold', 'paid', 'qty']);
    expect(columnTypes(answer.columns)).toEqual({
      id: 'bigint',
      item: 'varchar',
      price: 'double',
      sold: 'date',
      paid: 'boolean',
      qty: 'integer',
    });
    expect(answer.rows).toEqual([
      ['1', 'apple', '1.25', '2024-01-01', 'true', '3'],
      ['2', 'banana', '0.5', '2024-01-02', 'false', '12'],
      ['3', 'cherry', '10.0', '2024-02-29', 'true', null],
      ['4', null, '2.75', '2024-03-01', 'false', '7'],
    ]);

    const total = await select(
      t,
      'SELECT sum(price * qty) AS revenue, count(*) AS n FROM "awsdatacatalog"."lake"."sales"',
    );
    expect(columnTypes(total.columns)).toEqual({ revenue: 'double', n: 'bigint' });
    expect(total.rows).toEqual([['29.0', '4']]);
  });

  it('TSV (field.delim tab): commas are data, timestamps parse', async () => {
    await using t = await startAthenaTestLakebox();
    await upload(
      t,
      's3://lake/tsv/events/events.tsv',
      '1\tlogin\t2024-01-01 10:00:00\ta,b\n2\tlogout\t2024-01-01 11:30:15.5\t"quoted"\n',
    );
    await createTable(t, {
      database: 'lake',
      name: 'events',
      columns: ['id int', 'event string', 'happened timestamp', 'note string'],
      location: 's3://lake/tsv/events/',
      format: FORMATS.csv('\t'),
    });
    const answer = await select(t, 'SELECT id, event, happened, note FROM lake.events ORDER BY id');
    expect(columnTypes(answer.columns)).toEqual({
      id: 'integer',
      event: 'varchar',
      happened: 'timestamp',
      note: 'varchar',
    });
    expect(answer.rows).toEqual([
      ['1', 'login', '2024-01-01 10:00:00.000', 'a,b'],
      ['2', 'logout', '2024-01-01 11:30:15.500', '"quoted"'],
    ]);
  });

  it('OpenCSVSerde: quoted fields holding commas and doubled quotes', async () => {
    await using t = await startAthenaTestLakebox();
    await upload(
      t,
      's3://lake/quoted/people/people.csv',
      [
        '"id","name","quote","city"',
        '"1","Smith, John","He said ""hi""","Paris"',
        '"2","O\'Brien","comma, and ""quote"", both","New York, NY"',
        '"3","","",""',
        '',
      ].join('\n'),
    );
    await createTable(t, {
      database: 'lake',
      name: 'people',
      columns: ['id int', 'name string', 'quote string', 'city string'],
      location: 's3://lake/quoted/people/',
      format: FORMATS.openCsv({ separatorChar: ',', quoteChar: '"' }),
      parameters: { 'skip.header.line.count': '1' },
    });
    const answer = await select(t, 'SELECT id, name, quote, city, length(quote) AS n FROM lake.people ORDER BY id');
    expect(columnTypes(answer.columns)).toMatchObject({ id: 'integer', name: 'varchar', n: 'bigint' });
    expect(answer.rows).toEqual([
      ['1', 'Smith, John', 'He said "hi"', 'Paris', '12'],
      ['2', "O'Brien", 'comma, and "quote", both', 'New York, NY', '24'],
      ['3', '', '', '', '0'],
    ]);
  });

  it('gzip CSV beside a plain one in the same folder', async () => {
    await using t = await startAthenaTestLakebox();
    await upload(t, 's3://lake/gz/t/a.csv.gz', gzipSync('1,x\n2,y\n'));
    await upload(t, 's3://lake/gz/t/b.csv', '3,z\n');
    await createTable(t, {
      database: 'lake',
      name: 'gz',
      columns: ['n int', 's string'],
      location: 's3://lake/gz/t/',
      format: FORMATS.csv(','),
    });
    const answer = await select(t, 'SELECT n, s FROM lake.gz ORDER BY n');
    expect(answer.rows).toEqual([
      ['1', 'x'],
      ['2', 'y'],
      ['3', 'z'],
    ]);
  });

  it('reads every object under the location: odd keys, subfolders, a key that is also a prefix', async () => {
    await using t = await startAthenaTestLakebox();
    await upload(t, 's3://lake/k/', new Uint8Array(0)); // folder markers, as consoles create them
    await upload(t, 's3://lake/k/sub/', new Uint8Array(0));
    await upload(t, 's3://lake/k/x', '1\n');
    await upload(t, 's3://lake/k/x/y.csv', '2\n');
    await upload(t, 's3://lake/k/dt=2024 01 ü%20+é/part 0?.csv', '3\n');
    await upload(t, 's3://lake/k/sub/deeper/z', '4\n');
    await upload(t, 's3://lake/k/sub/.hidden/z.csv', '5\n'); // inside a hidden folder: ignored
    await upload(t, 's3://lake/k/a..b/../c.csv', '6\n'); // the `..` segment is a hidden folder too
    await createTable(t, {
      database: 'lake',
      name: 'k',
      columns: ['n int'],
      location: 's3://lake/k',
      format: FORMATS.csv(','),
    });
    const answer = await select(t, 'SELECT n FROM k ORDER BY n', 'lake');
    expect(answer.rows).toEqual([['1'], ['2'], ['3'], ['4']]);
    expect(answer.execution.Statistics?.DataScannedInBytes).toBe(8);
  });

  it('JSON lines folder (OpenX JsonSerDe): missing keys and nulls, arrays, extra keys ignored', async () => {
    await using t = await startAthenaTestLakebox();
    await upload(
      t,
      's3://lake/json/users/part-0.json',
      '{"id": 1, "name": "ann", "score": 9.5, "active": true, "tags": ["a", "b"]}\n' +
        '{"id": 2, "name": "bob", "active": false, "tags": []}\n',
    );
    await upload(
      t,
      's3://lake/json/users/part-1.json',
      '{"id": 3, "name": null, "score": 7, "extra": "ignored", "tags": null}\n',
    );
    await upload(t, 's3://lake/json/users/_SUCCESS', 'not json at all\n');
    await createTable(t, {
      database: 'lake',
      name: 'users',
      columns: ['id bigint', 'name string', 'score double', 'active boolean', 'tags array<string>'],
      location: 's3://lake/json/users/',
      format: FORMATS.json,
    });
    const answer = await select(
      t,
      'SELECT id, name, score, active, tags, cardinality(tags) AS n FROM lake.users ORDER BY id',
    );
    expect(columnTypes(answer.columns)).toEqual({
      id: 'bigint',
      name: 'varchar',
      score: 'double',
      active: 'boolean',
      tags: 'array',
      n: 'bigint',
    });
    expect(answer.rows).toEqual([
      ['1', 'ann', '9.5', 'true', '[a, b]', '2'],
      ['2', 'bob', null, 'false', '[]', '0'],
      ['3', null, '7.0', null, null, null],
    ]);
  });
});

/** OpenCSVSerde behaviour the Athena user guide documents ("Open CSV SerDe for processing CSV"). */
describe('OpenCSVSerde as documented by Athena', () => {
  // Default escapeChar is a backslash: `\"` inside a quoted field is a quote, `\\` a backslash; a doubled
  // quote is a quote too (opencsv's CSVParser).
  it('reads backslash-escaped quotes with the default escapeChar', async () => {
    await using t = await startAthenaTestLakebox();
    await upload(t, 's3://lake/esc/a.csv', '"1","He said \\"hi\\""\n"2","back\\\\slash"\n"3","dbl ""q"""\n');
    await createTable(t, {
      database: 'lake',
      name: 'esc',
      columns: ['id int', 's string'],
      location: 's3://lake/esc/',
      format: FORMATS.openCsv({}),
    });
    const answer = await select(t, 'SELECT id, s FROM esc ORDER BY id', 'lake');
    expect(answer.rows).toEqual([
      ['1', 'He said "hi"'],
      ['2', 'back\\slash'],
      ['3', 'dbl "q"'],
    ]);
  });

  // DATE columns hold days since 1970-01-01 and TIMESTAMP columns UNIX milliseconds (18276 → 2020-01-15).
  it('reads DATE as days since the epoch and TIMESTAMP as epoch milliseconds', async () => {
    await using t = await startAthenaTestLakebox();
    await upload(t, 's3://lake/epoch/a.csv', '"1","18276","1579059880000"\n');
    await createTable(t, {
      database: 'lake',
      name: 'epoch',
      columns: ['id int', 'd date', 'ts timestamp'],
      location: 's3://lake/epoch/',
      format: FORMATS.openCsv({}),
    });
    const answer = await select(t, 'SELECT id, d, ts FROM epoch', 'lake');
    expect(answer.rows).toEqual([['1', '2020-01-15', '2020-01-15 03:44:40.000']]);
  });
});

describe('hidden columns', () => {
  // The hidden column "$path" is the S3 URI of the file a row came from.
  it('"$path" names the file each row comes from', async () => {
    await using t = await startAthenaTestLakebox();
    await upload(t, 's3://lake/paths/a.csv', '1\n');
    await upload(t, 's3://lake/paths/b/c.csv', '2\n');
    await createTable(t, {
      database: 'lake',
      name: 'paths',
      columns: ['n int'],
      location: 's3://lake/paths/',
      format: FORMATS.csv(','),
    });
    const answer = await select(t, 'SELECT n, "$path" AS p FROM paths ORDER BY n', 'lake');
    expect(answer.rows).toEqual([
      ['1', 's3://lake/paths/a.csv'],
      ['2', 's3://lake/paths/b/c.csv'],
    ]);
  });
});
