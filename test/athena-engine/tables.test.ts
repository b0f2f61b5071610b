import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createTable } from '../../packages/emulator/src/glue/catalog/tables.js';
import { EngineHarness, FORMATS, parquetBytes } from '../support/engine.js';

async function setup(h: EngineHarness) {
  h.bucket('data');
  await h.database('db');
}

describe('engine: tables from the Glue catalog', () => {
  it('reads a CSV table (LazySimpleSerDe) with a header line, under every name form', async () => {
    await using h = new EngineHarness();
    await setup(h);
    h.put('data', 'sales/part-0.csv', 'id,name,amount\n1,apple,2.5\n2,,x\n3,\\N,4\n');
    h.put('data', 'sales/_SUCCESS', '');
    h.put('data', 'sales/.hidden.csv', 'junk\n');
    h.put('data', 'sales/_tmp/part.csv', 'junk\n');
    await h.table('db', 'sales', { id: 'int', name: 'string', amount: 'double' }, FORMATS.csv(','), 's3://data/sales', {
      parameters: { 'skip.header.line.count': '1' },
    });
    for (const name of [
      'db.sales',
      '"db"."sales"',
      'awsdatacatalog.db.sales',
      'AwsDataCatalog.DB.Sales',
      '"awsdatacatalog"."db"."sales"',
    ]) {
      const r = await h.run(`SELECT id, name, amount FROM ${name} ORDER BY id`);
      expect(r.csv).toBe('"id","name","amount"\n"1","apple","2.5"\n"2","",\n"3",,"4.0"\n');
    }
    const r = await h.run('SELECT count(*) AS n FROM sales', { database: 'db' });
    expect(r.csv).toBe('"n"\n"3"\n');
    expect(r.dataScannedBytes).toBe('id,name,amount\n1,apple,2.5\n2,,x\n3,\\N,4\n'.length);
    expect(r.columns[0]?.Type).toBe('bigint');
  });

  it('reads short lines with NULLs and ignores extra fields, as LazySimpleSerDe does', async () => {
    await using h = new EngineHarness();
    await setup(h);
    h.put('data', 'ragged/a.csv', '1,a,extra,more\n2\n3,c\n');
    await h.table('db', 'ragged', { n: 'int', s: 'string' }, FORMATS.csv(','), 's3://data/ragged/');
    expect((await h.run('SELECT * FROM db.ragged ORDER BY n')).csv).toBe('"n","s"\n"1","a"\n"2",\n"3","c"\n');
  });

  it('skips the header lines of every file, not only the first', async () => {
    await using h = new EngineHarness();
    await setup(h);
    h.put('data', 'multi/a.csv', 'n\n1\n');
    h.put('data', 'multi/b.csv', 'n\n2\n');
    await h.table('db', 'multi', { n: 'int' }, FORMATS.csv(','), 's3://data/multi/', {
      parameters: { 'skip.header.line.count': '1' },
    });
    expect((await h.run('SELECT n FROM db.multi ORDER BY n')).csv).toBe('"n"\n"1"\n"2"\n');
  });

  it('reads TSV, OpenCSVSerde quoting and gzip text', async () => {
    await using h = new EngineHarness();
    await setup(h);
    h.put('data', 'tsv/a.tsv', 'a\tb\n');
    await h.table('db', 'tsv', { x: 'string', y: 'string' }, FORMATS.csv('\t'), 's3://data/tsv/');
    expect((await h.run('SELECT * FROM db.tsv')).csv).toBe('"x","y"\n"a","b"\n');

    h.put('data', 'oc/a.csv', '"a,1","say ""hi"""\n"",x\n');
    await h.table(
      'db',
      'oc',
      { x: 'string', y: 'string' },
      FORMATS.openCsv({ separatorChar: ',', quoteChar: '"' }),
      's3://data/oc/',
    );
    expect((await h.run('SELECT * FROM db.oc')).csv).toBe('"x","y"\n"a,1","say ""hi"""\n"","x"\n');

    h.put('data', 'gz/a.csv.gz', gzipSync(Buffer.from('1,one\n2,two\n')));
    await h.table('db', 'gz', { n: 'bigint', s: 'string' }, FORMATS.csv(','), 's3://data/gz/');
    expect((await h.run('SELECT sum(n) AS total FROM db.gz')).csv).toBe('"total"\n"3"\n');
  });

  it('reads JSON lines (OpenX and Hive JsonSerDe)', async () => {
    await using h = new EngineHarness();
    await setup(h);
    h.put('data', 'j/a.json', '{"id":1,"tags":["a","b"],"info":{"k":"v"}}\n{"id":2}\n');
    await h.table(
      'db',
      'j',
      { id: 'int', tags: 'array<string>', info: 'struct<k:string>' },
      FORMATS.json,
      's3://data/j/',
    );
    const r = await h.run('SELECT id, tags, info FROM db.j ORDER BY id');
    expect(r.csv).toBe('"id","tags","info"\n"1","[a, b]","{k=v}"\n"2",,\n');
    expect(r.columns.map((c) => c.Type)).toEqual(['integer', 'array', 'row']);
    await h.table(
      'db',
      'j2',
      { id: 'int' },
      { SerdeInfo: { SerializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe' } },
      's3://data/j/',
    );
    expect((await h.run('SELECT count(*) FROM db.j2')).csv).toBe('"_col0"\n"2"\n');
  });

  it('reads Parquet by column name: extra file columns ignored, missing ones NULL', async () => {
    await using h = new EngineHarness();
    await setup(h);
    h.put('data', 'p/a.parquet', await parquetBytes(`SELECT 1::INT AS id, 'x' AS name, 9 AS extra`));
    h.put('data', 'p/b.parquet', await parquetBytes(`SELECT 'y' AS name, 2::INT AS id`));
    await h.table('db', 'p', { id: 'int', name: 'string', missing: 'bigint' }, FORMATS.parquet, 's3://data/p');
    const r = await h.run('SELECT * FROM db.p ORDER BY id');
    expect(r.csv).toBe('"id","name","missing"\n"1","x",\n"2","y",\n');
  });

  it('fails a Parquet column that cannot be read as the declared type with HIVE_BAD_DATA', async () => {
    await using h = new EngineHarness();
    await setup(h);
    h.put('data', 'bad/a.parquet', await parquetBytes(`SELECT 'not a number' AS id`));
    await h.table('db', 'bad', { id: 'int' }, FORMATS.parquet, 's3://data/bad/');
    await expect(h.run('SELECT * FROM db.bad')).rejects.toMatchObject({
      errorCategory: 2,
      message: expect.stringMatching(/^HIVE_BAD_DATA: /),
    });
  });

  it('matches JSON keys to columns case-insensitively, as the JSON SerDes do', async () => {
    await using h = new EngineHarness();
    await setup(h);
    h.put('data', 'jc/a.json', '{"userId":7,"Name":"x"}\n{"userId":8}\n');
    await h.table('db', 'jc', { userid: 'bigint', name: 'string', absent: 'string' }, FORMATS.json, 's3://data/jc/');
    expect((await h.run('SELECT * FROM db.jc ORDER BY userid')).csv).toBe(
      '"userid","name","absent"\n"7","x",\n"8",,\n',
    );
  });

  it('fails a JSON value that is not of the declared type with HIVE_BAD_DATA', async () => {
    await using h = new EngineHarness();
    await setup(h);
    h.put('data', 'jb/a.json', '{"id":"abc"}\n');
    await h.table('db', 'jb', { id: 'int' }, FORMATS.json, 's3://data/jb/');
    await expect(h.run('SELECT * FROM db.jb')).rejects.toMatchObject({
      errorCategory: 2,
      message: expect.stringMatching(/^HIVE_BAD_DATA: .*s3:\/\/data\/jb\/a\.json/),
    });
  });

  it('returns 0 rows for a location with no files', async () => {
    await using h = new EngineHarness();
    await setup(h);
    await h.table('db', 'empty', { id: 'int' }, FORMATS.parquet, 's3://data/nothing/');
    const r = await h.run('SELECT * FROM db.empty');
    expect(r.rowCount).toBe(0);
    expect(r.csv).toBe('"id"\n');
  });

  it('refuses ORC, Avro and Ion with a clear message', async () => {
    await using h = new EngineHarness();
    await setup(h);
    h.put('data', 'orc/a.orc', 'x');
    await h.table(
      'db',
      'orc',
      { id: 'int' },
      { SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.orc.OrcSerde' } },
      's3://data/orc/',
    );
    await expect(h.run('SELECT * FROM db.orc')).rejects.toThrow(/HIVE_UNSUPPORTED_FORMAT: .*OrcSerde/);
  });

  it('sees only registered partitions, prunes by the WHERE clause and counts only files read', async () => {
    await using h = new EngineHarness();
    await setup(h);
    const sizes: Record<string, number> = {};
    for (const dt of ['2024-01-01', '2024-01-02', '2024-01-03']) {
      const body = await parquetBytes(`SELECT ${dt.slice(-1)}::INT AS v`);
      sizes[dt] = body.length;
      h.put('data', `events/dt=${dt}/part-0.parquet`, body);
    }
    await h.table('db', 'events', { v: 'int' }, FORMATS.parquet, 's3://data/events/', {
      partitionKeys: { dt: 'string' },
    });
    await h.partition('db', 'events', ['2024-01-01'], 's3://data/events/dt=2024-01-01/');
    await h.partition('db', 'events', ['2024-01-02'], 's3://data/events/dt=2024-01-02/');
    // dt=2024-01-03 is on disk but not registered: invisible.
    const all = await h.run('SELECT dt, v FROM db.events ORDER BY dt');
    expect(all.csv).toBe('"dt","v"\n"2024-01-01","1"\n"2024-01-02","2"\n');
    expect(all.dataScannedBytes).toBe((sizes['2024-01-01'] ?? 0) + (sizes['2024-01-02'] ?? 0));
    const one = await h.run("SELECT v FROM db.events e WHERE e.dt = '2024-01-02'");
    expect(one.csv).toBe('"v"\n"2"\n');
    expect(one.dataScannedBytes).toBe(sizes['2024-01-02']);
    const none = await h.run("SELECT v FROM db.events WHERE dt > '2024-01-05'");
    expect(none.rowCount).toBe(0);
    expect(none.dataScannedBytes).toBe(0);
    // A filter pruning cannot evaluate keeps every partition (and DuckDB still filters).
    const fn = await h.run("SELECT v FROM db.events WHERE substr(dt, 10) = '1'");
    expect(fn.csv).toBe('"v"\n"1"\n');
    expect(fn.dataScannedBytes).toBe(all.dataScannedBytes);
  });

  it('reads partition values from the catalog, not from folder names that disagree', async () => {
    await using h = new EngineHarness();
    await setup(h);
    h.put('data', 'w/dt=a b/x=1/f.parquet', await parquetBytes('SELECT 1::INT AS v'));
    h.put('data', 'w/dt=2024/f.parquet', await parquetBytes('SELECT 2::INT AS v'));
    await h.table('db', 'w', { v: 'int' }, FORMATS.parquet, 's3://data/w/', { partitionKeys: { dt: 'string' } });
    await h.partition('db', 'w', ['a b'], 's3://data/w/dt=a b/');
    await h.partition('db', 'w', ['1999'], 's3://data/w/dt=2024/');
    const r = await h.run('SELECT dt, v FROM db.w ORDER BY v');
    expect(r.csv).toBe('"dt","v"\n"a b","1"\n"1999","2"\n');
  });

  it('types partition columns per PartitionKeys and reads each partition from its own location', async () => {
    await using h = new EngineHarness();
    await setup(h);
    h.put('data', 'anywhere/one.csv', 'a\n');
    h.put('data', 'elsewhere/two.csv', 'b\n');
    await h.table('db', 't', { s: 'string' }, FORMATS.csv(','), 's3://data/t/', { partitionKeys: { year: 'int' } });
    await h.partition('db', 't', ['2023'], 's3://data/anywhere/');
    await h.partition('db', 't', ['2024'], 's3://data/elsewhere/');
    const r = await h.run('SELECT s, year FROM db.t WHERE year IN (2024) ');
    expect(r.csv).toBe('"s","year"\n"b","2024"\n');
    expect(r.columns[1]?.Type).toBe('integer');
    expect(r.dataScannedBytes).toBe(2);
  });

  it('expands Athena views (VIRTUAL_VIEW with a Presto view definition) in their own database', async () => {
    await using h = new EngineHarness();
    await setup(h);
    await h.database('other');
    h.put('data', 'v/a.csv', '1\n2\n3\n');
    await h.table('db', 'nums', { n: 'int' }, FORMATS.csv(','), 's3://data/v/');
    const view = (name: string, sql: string, schema: string) => {
      const doc = {
        originalSql: sql,
        catalog: 'awsdatacatalog',
        schema,
        columns: [{ name: 'doubled', type: 'integer' }],
      };
      return createTable(h.ctx(), {
        DatabaseName: schema,
        TableInput: {
          Name: name,
          TableType: 'VIRTUAL_VIEW',
          ViewOriginalText: `/* Presto View: ${Buffer.from(JSON.stringify(doc)).toString('base64')} */`,
          StorageDescriptor: { Columns: [{ Name: 'doubled', Type: 'int' }] },
        },
      });
    };
    await view('doubles', 'SELECT n * 2 FROM nums WHERE n > 1', 'db');
    await view('again', 'SELECT doubled FROM db.doubles', 'other');
    await view('loop', 'SELECT * FROM loop', 'db');
    const r = await h.run('SELECT doubled FROM other.again ORDER BY 1');
    expect(r.csv).toBe('"doubled"\n"4"\n"6"\n');
    expect(r.dataScannedBytes).toBe(6);
    await expect(h.run('SELECT * FROM db.loop')).rejects.toThrow(/^NOT_SUPPORTED: .*nested too deeply/);
  });
});
