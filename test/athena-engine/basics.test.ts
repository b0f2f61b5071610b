import { describe, expect, it } from 'vitest';
import { EngineHarness, FORMATS } from '../support/engine.js';

describe('engine: expressions and results', () => {
  it('runs a SELECT and writes Athena CSV', async () => {
    await using h = new EngineHarness();
    const r = await h.run(`SELECT 1 AS a, 'x' AS b, NULL AS c, '' AS d, 5/2 AS e, 1.5 AS f, true AS g`);
    expect(r.statementType).toBe('DML');
    expect(r.rowCount).toBe(1);
    expect(r.csv).toBe('"a","b","c","d","e","f","g"\n"1","x",,"","2","1.5","true"\n');
    expect(r.columns.map((c) => c.Type)).toEqual([
      'integer',
      'varchar',
      'unknown',
      'varchar',
      'integer',
      'double',
      'boolean',
    ]);
  });
});

describe('engine: statement types and utility statements', () => {
  it('reports SHOW and EXPLAIN as UTILITY, and refuses DDL for now', async () => {
    await using h = new EngineHarness();
    await h.database('db');
    await h.database('other');
    const dbs = await h.run("SHOW DATABASES LIKE 'd*'");
    expect(dbs.statementType).toBe('UTILITY');
    expect(dbs.csv).toBe('"database_name"\n"db"\n');
    const plan = await h.run('EXPLAIN SELECT 1');
    expect(plan.statementType).toBe('UTILITY');
    expect(plan.columns[0]?.Name).toBe('Query Plan');
    await expect(h.run('DROP TABLE db.t')).rejects.toThrow(
      /^FAILED: SemanticException \[Error 10001\]: Table not found t/,
    );
  });

  it('answers information_schema from the catalog', async () => {
    await using h = new EngineHarness();
    h.bucket('data');
    await h.database('db');
    await h.table(
      'db',
      't',
      { id: 'int', tags: 'map<string,array<struct<a:int,b:decimal(10,2)>>>' },
      FORMATS.parquet,
      's3://data/t/',
      {
        partitionKeys: { dt: 'string' },
      },
    );
    const tables = await h.run(
      "SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_schema = 'db'",
    );
    expect(tables.csv).toBe('"table_schema","table_name","table_type"\n"db","t","BASE TABLE"\n');
    const columns = await h.run(
      "SELECT column_name, ordinal_position, data_type, extra_info FROM awsdatacatalog.information_schema.columns WHERE table_name = 't' ORDER BY 2",
    );
    expect(columns.csv).toBe(
      '"column_name","ordinal_position","data_type","extra_info"\n' +
        '"id","1","integer",\n' +
        '"tags","2","map(varchar, array(row(a integer, b decimal(10,2))))",\n' +
        '"dt","3","varchar","partition key"\n',
    );
    const schemata = await h.run('SELECT schema_name FROM information_schema.schemata ORDER BY 1');
    expect(schemata.csv).toBe('"schema_name"\n"db"\n"information_schema"\n');
  });

  it('describes a table with its partition keys', async () => {
    await using h = new EngineHarness();
    h.bucket('data');
    await h.database('db');
    await h.table('db', 't', { id: 'int' }, FORMATS.parquet, 's3://data/t/', { partitionKeys: { dt: 'string' } });
    const r = await h.run('DESCRIBE db.t');
    expect(r.statementType).toBe('UTILITY');
    const pad = (s: string) => s.padEnd(20);
    expect(r.csv.split('\n').slice(0, 3)).toEqual([
      '"col_name"',
      `"${pad('id')}\t${pad('int')}\t${pad('')}"`,
      `"${pad('dt')}\t${pad('string')}\t${pad('')}"`,
    ]);
    expect(r.csv).toContain('# Partition Information');
  });

  it('reports json for json values and varchar for json_extract_scalar', async () => {
    await using h = new EngineHarness();
    const r = await h.run(`SELECT json_extract('{"a":[1]}', '$.a') AS j, json_extract_scalar('{"a":1}', '$.a') AS s`);
    expect(r.columns.map((c) => c.Type)).toEqual(['json', 'varchar']);
    expect(r.csv).toBe('"j","s"\n"[1]","1"\n');
  });

  it('reads Trino VALUES lists without parentheses', async () => {
    await using h = new EngineHarness();
    const r = await h.run('WITH t(x) AS (VALUES 1, 2, 3) SELECT sum(x) AS s FROM t');
    expect(r.csv).toBe('"s"\n"6"\n');
    await expect(h.run('VALUES 1, 2 FROM')).rejects.toThrow(/^SYNTAX_ERROR: line 1:13: /);
  });

  it('keeps duplicate column names as Athena does', async () => {
    await using h = new EngineHarness();
    const r = await h.run('SELECT 1 AS x, 2 AS x');
    expect(r.csv).toBe('"x","x"\n"1","2"\n');
  });

  it('binds execution parameters in order', async () => {
    await using h = new EngineHarness();
    const r = await h.run('SELECT ? AS a, ? AS b', { parameters: ["'it''s'", '42'] });
    expect(r.csv).toBe('"a","b"\n"it\'s","42"\n');
    await expect(h.run('SELECT ?', { parameters: [] })).rejects.toThrow(/Incorrect number of parameters/);
  });
});
