import { describe, expect, it } from 'vitest';
import { deleteTable } from '../../packages/emulator/src/glue/catalog/tables.js';
import { EngineHarness, FORMATS, parquetBytes } from '../support/engine.js';

describe('engine: Trino result types', () => {
  it('types sum() of integers and count_if() as bigint', async () => {
    await using h = new EngineHarness();
    const r = await h.run('SELECT sum(x) AS s, count_if(x > 1) AS c FROM (VALUES 1, 2, 3) AS t(x)');
    expect(r.columns.map((c) => [c.Type, c.Precision, c.Scale])).toEqual([
      ['bigint', 19, 0],
      ['bigint', 19, 0],
    ]);
    expect(r.csv).toBe('"s","c"\n"6","2"\n');
  });

  it('shows TIMESTAMP WITH TIME ZONE values in a zone named in a CTE, a subquery, a UNION or an expression', async () => {
    await using h = new EngineHarness();
    const r = await h.run(
      "WITH z AS (SELECT from_unixtime(0) AT TIME ZONE 'Asia/Tokyo' AS tokyo, " +
        "from_iso8601_timestamp('1970-01-01T02:00:00+02:00') AS plus2) " +
        "SELECT tokyo, date_add('hour', 1, tokyo) AS later, coalesce(plus2, NULL) AS c, " +
        "tokyo + INTERVAL '1' DAY AS tomorrow, CASE WHEN true THEN tokyo END AS k, " +
        "CAST('2024-01-01 10:00:00+05:00' AS timestamp with time zone) AS lit FROM z",
    );
    expect(r.columns.map((c) => c.Type)).toEqual(Array(6).fill('timestamp with time zone'));
    expect(r.csv).toBe(
      '"tokyo","later","c","tomorrow","k","lit"\n' +
        '"1970-01-01 09:00:00.000 Asia/Tokyo","1970-01-01 10:00:00.000 Asia/Tokyo","1970-01-01 02:00:00.000 +02:00",' +
        '"1970-01-02 09:00:00.000 Asia/Tokyo","1970-01-01 09:00:00.000 Asia/Tokyo","2024-01-01 10:00:00.000 +05:00"\n',
    );
    const union = await h.run(
      "SELECT t FROM (SELECT from_unixtime(0) AT TIME ZONE 'America/New_York' AS t) " +
        "UNION ALL SELECT from_unixtime(3600) AT TIME ZONE 'America/New_York' ORDER BY 1",
    );
    expect(union.csv).toBe(
      '"t"\n"1969-12-31 19:00:00.000 America/New_York"\n"1969-12-31 20:00:00.000 America/New_York"\n',
    );
    // Zones that differ between the sides stay in UTC (Trino keeps each value's own zone).
    const mixed = await h.run(
      "SELECT from_unixtime(0) AT TIME ZONE 'Asia/Tokyo' AS t UNION ALL SELECT from_unixtime(0) AT TIME ZONE '+01:00'",
    );
    expect(mixed.csv).toBe('"t"\n"1970-01-01 00:00:00.000 UTC"\n"1970-01-01 00:00:00.000 UTC"\n');
  });

  it('fails a bigint sum past the range of bigint with NUMERIC_VALUE_OUT_OF_RANGE', async () => {
    await using h = new EngineHarness();
    await expect(h.run('SELECT sum(x) AS s FROM (VALUES 9223372036854775807, 1) AS t(x)')).rejects.toMatchObject({
      errorCategory: 2,
      errorType: 1000,
      message: expect.stringMatching(/^NUMERIC_VALUE_OUT_OF_RANGE: /),
    });
  });
});

describe('engine: statements Trino does not know', () => {
  it('reports a misspelled statement as a SYNTAX_ERROR at line 1:1', async () => {
    await using h = new EngineHarness();
    await expect(h.run('SELEC 1')).rejects.toMatchObject({
      errorCategory: 2,
      errorType: 1000,
      message: expect.stringMatching(
        /^SYNTAX_ERROR: line 1:1: mismatched input 'SELEC'\. Expecting: 'ALTER', .*<query>$/,
      ),
    });
    await expect(h.run('\n  pragma x')).rejects.toThrow(/^SYNTAX_ERROR: line 2:3: mismatched input 'pragma'/);
    await expect(h.run('START WORK')).rejects.toThrow(
      /^SYNTAX_ERROR: line 1:7: mismatched input 'WORK'\. Expecting: 'TRANSACTION'$/,
    );
    await expect(h.run('   ')).rejects.toThrow(/^SYNTAX_ERROR: line 1:4: mismatched input '<EOF>'/);
  });

  it('reports Trino statements lakebox does not run yet as NOT_SUPPORTED', async () => {
    await using h = new EngineHarness();
    for (const [sql, statement] of [
      ['DELETE FROM t', 'DELETE'],
      ['UNLOAD (SELECT 1) TO ...', 'UNLOAD'],
      ['reset session x', 'RESET SESSION'],
      ['START TRANSACTION', 'START TRANSACTION'],
      ['DESCRIBE INPUT my_statement', 'DESCRIBE INPUT'],
      ['COMMIT', 'COMMIT'],
    ] as const) {
      await expect(h.run(sql), sql).rejects.toThrow(`NOT_SUPPORTED: ${statement} statements are not supported`);
    }
  });
});

describe('engine: words DuckDB reserves but Trino does not', () => {
  it('reads columns named at, column, default and show without quotes', async () => {
    await using h = new EngineHarness();
    h.bucket('data');
    await h.database('db');
    h.put('data', 'kw/a.csv', '1,2024-01-01 00:00:00,x,y,z\n');
    await h.table(
      'db',
      'kw',
      { id: 'int', at: 'timestamp', column: 'string', default: 'string', show: 'string' },
      FORMATS.csv(','),
      's3://data/kw/',
    );
    const r = await h.run(
      "SELECT id, at, kw.column, default AS show, show FROM kw WHERE at >= TIMESTAMP '2024-01-01 00:00:00' ORDER BY at",
      { database: 'db' },
    );
    expect(r.csv).toBe('"id","at","column","show","show"\n"1","2024-01-01 00:00:00.000","x","y","z"\n');
    const zoned = await h.run("SELECT at AT TIME ZONE 'UTC' AS z FROM db.kw");
    expect(zoned.csv).toBe('"z"\n"2024-01-01 00:00:00.000 UTC"\n');
  });

  it('still reports positions in the user text', async () => {
    await using h = new EngineHarness();
    h.bucket('data');
    await h.database('db');
    await h.table('db', 'kw', { at: 'int' }, FORMATS.csv(','), 's3://data/kw/');
    await expect(h.run('SELECT at, at FROM FROM db.kw')).rejects.toThrow(/^SYNTAX_ERROR: line 1:20: /);
  });
});

describe('engine: hidden columns', () => {
  it('gives "$path", "$file_size" and "$file_modified_time", kept out of *', async () => {
    await using h = new EngineHarness();
    h.bucket('data');
    await h.database('db');
    h.put('data', 'paths/a.csv', '1\n');
    h.put('data', 'paths/b/c.csv', '2\n');
    await h.table('db', 'paths', { n: 'int' }, FORMATS.csv(','), 's3://data/paths/');
    const r = await h.run('SELECT n, "$path" AS p, "$file_size" AS s FROM db.paths ORDER BY n');
    expect(r.csv).toBe('"n","p","s"\n"1","s3://data/paths/a.csv","2"\n"2","s3://data/paths/b/c.csv","2"\n');
    expect(r.columns.map((c) => c.Type)).toEqual(['integer', 'varchar', 'bigint']);
    const star = await h.run('SELECT *, "$path" FROM db.paths t WHERE "$path" LIKE \'%/a.csv\'');
    expect(star.csv).toBe('"n","$path"\n"1","s3://data/paths/a.csv"\n');
    const joined = await h.run('SELECT * FROM db.paths a JOIN db.paths b ON a."$path" = b."$path" AND a.n = 1');
    expect(joined.csv).toBe('"n","n"\n"1","1"\n');
    const time = await h.run('SELECT "$file_modified_time" AS m FROM db.paths LIMIT 1');
    expect(time.columns[0]?.Type).toBe('timestamp with time zone');
    expect(time.csv).toMatch(/^"m"\n"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC"\n$/);
    expect((await h.run('SELECT * FROM db.paths ORDER BY n')).csv).toBe('"n"\n"1"\n"2"\n');
  });

  it('gives "$path" for partitioned Parquet, partitioned text and empty tables', async () => {
    await using h = new EngineHarness();
    h.bucket('data');
    await h.database('db');
    h.put('data', 'pq/dt=1/f.parquet', await parquetBytes('SELECT 10 AS x'));
    h.put('data', 'pq/dt=2/f.parquet', await parquetBytes('SELECT 20 AS x'));
    await h.table('db', 'pq', { x: 'int' }, FORMATS.parquet, 's3://data/pq/', { partitionKeys: { dt: 'string' } });
    await h.partition('db', 'pq', ['1'], 's3://data/pq/dt=1/');
    await h.partition('db', 'pq', ['2'], 's3://data/pq/dt=2/');
    const pq = await h.run('SELECT *, "$path" FROM db.pq WHERE dt = \'2\'');
    expect(pq.csv).toBe('"x","dt","$path"\n"20","2","s3://data/pq/dt=2/f.parquet"\n');

    h.put('data', 'txt/one/f.csv', '1\n');
    h.put('data', 'txt/two/f.csv', '2\n');
    await h.table('db', 'txt', { n: 'int' }, FORMATS.csv(','), 's3://data/txt/', { partitionKeys: { p: 'int' } });
    await h.partition('db', 'txt', ['1'], 's3://data/txt/one/');
    await h.partition('db', 'txt', ['2'], 's3://data/txt/two/');
    const txt = await h.run('SELECT *, "$path" AS f FROM db.txt ORDER BY n');
    expect(txt.csv).toBe('"n","p","f"\n"1","1","s3://data/txt/one/f.csv"\n"2","2","s3://data/txt/two/f.csv"\n');

    await h.table('db', 'empty', { n: 'int' }, FORMATS.csv(','), 's3://data/none/');
    const empty = await h.run('SELECT *, "$path" FROM db.empty');
    expect(empty.csv).toBe('"n","$path"\n');
  });
});

describe('engine: cancellation', () => {
  it('cancels a query stopped while the engine connects, before any statement runs', async () => {
    await using h = new EngineHarness();
    for (const sql of ['SELECT 1 AS x', 'SHOW DATABASES']) {
      const controller = new AbortController();
      const running = h.run(sql, { signal: controller.signal });
      controller.abort();
      await expect(running, sql).rejects.toMatchObject({
        errorCategory: 2,
        message: 'USER_CANCELED: Query was canceled by user',
      });
    }
    expect((await h.run('SELECT 2 AS y')).csv).toBe('"y"\n"2"\n');
  });
});

describe('engine: repeated queries', () => {
  it('sees a changed table schema in the same query text run again', async () => {
    await using h = new EngineHarness();
    h.bucket('data');
    await h.database('db');
    h.put('data', 't/a.csv', '1,2.5\n');
    await h.table('db', 't', { x: 'int', y: 'double' }, FORMATS.csv(','), 's3://data/t/');
    const first = await h.run('SELECT * FROM db.t');
    expect(first.columns.map((c) => c.Type)).toEqual(['integer', 'double']);
    await deleteTable(h.ctx(), { DatabaseName: 'db', Name: 't' });
    await h.table('db', 't', { x: 'string', y: 'decimal(4,2)', z: 'int' }, FORMATS.csv(','), 's3://data/t/');
    const second = await h.run('SELECT * FROM db.t');
    expect(second.columns.map((c) => c.Type)).toEqual(['varchar', 'decimal', 'integer']);
    expect(second.csv).toBe('"x","y","z"\n"1","2.50",\n');
  });
});

describe('engine: partition listing', () => {
  it('lists many partitions under the table location as one folder, with the same files as one by one', async () => {
    await using h = new EngineHarness();
    h.bucket('data');
    await h.database('db');
    await h.table('db', 't', { n: 'int' }, FORMATS.csv(','), 's3://data/t', { partitionKeys: { p: 'int' } });
    for (let p = 0; p < 10; p++) {
      h.put('data', `t/p=${p}/a.csv`, `${p}\n`);
      h.put('data', `t/p=${p}/nested/b.csv`, `${p + 100}\n`);
      h.put('data', `t/p=${p}/_SUCCESS`, '');
      if (p < 9) await h.partition('db', 't', [String(p)], `s3://data/t/p=${p}`);
    }
    h.put('data', 'elsewhere/x.csv', '1000\n');
    const r = await h.run('SELECT p, sum(n) AS s, count(*) AS c FROM db.t GROUP BY p ORDER BY p');
    const expected = Array.from({ length: 9 }, (_, p) => `"${p}","${2 * p + 100}","2"\n`).join('');
    expect(r.csv).toBe(`"p","s","c"\n${expected}`);
    // A partition outside the table location: every partition is listed on its own.
    await h.partition('db', 't', ['9'], 's3://data/elsewhere/');
    const all = await h.run('SELECT count(*) AS c, sum(n) AS s FROM db.t');
    expect(all.csv).toBe(
      `"c","s"\n"19","${Array.from({ length: 9 }, (_, p) => 2 * p + 100).reduce((a, b) => a + b) + 1000}"\n`,
    );
  });
});
