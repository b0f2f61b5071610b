import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSandboxedInstance } from '../../packages/emulator/src/athena/engine/sandbox.js';
import { EngineHarness, FORMATS } from '../support/engine.js';

const outside = join(tmpdir(), `lakebox-outside-${process.pid}.csv`);

const HOSTILE: Array<[string, RegExp]> = [
  ["SELECT * FROM read_csv('/etc/passwd')", /^NOT_SUPPORTED: line 1:15: Table function 'read_csv'/],
  ["SELECT * FROM read_text('/etc/passwd')", /^NOT_SUPPORTED: .*read_text/],
  ["SELECT * FROM read_blob('/etc/hostname')", /^NOT_SUPPORTED: .*read_blob/],
  ["SELECT * FROM glob('/*')", /^NOT_SUPPORTED: .*glob/],
  ["SELECT * FROM read_parquet('https://example.com/x.parquet')", /^NOT_SUPPORTED: .*read_parquet/],
  ["SELECT * FROM query('SELECT 1')", /^NOT_SUPPORTED: .*query/],
  ['SELECT * FROM duckdb_settings()', /^NOT_SUPPORTED: .*duckdb_settings/],
  ["WITH x AS (SELECT * FROM read_text('/etc/passwd')) SELECT * FROM x", /^NOT_SUPPORTED: .*read_text/],
  ["SELECT (SELECT content FROM read_text('/etc/passwd'))", /^NOT_SUPPORTED: .*read_text/],
  ["SELECT * FROM '/etc/passwd'", /^(SCHEMA|TABLE)_NOT_FOUND: /],
  ["SELECT * FROM 'https://example.com/x.csv'", /^(SCHEMA|TABLE)_NOT_FOUND: /],
  ['SELECT * FROM pg_catalog.pg_class', /^SCHEMA_NOT_FOUND: /],
  ['SELECT * FROM information_schema.settings', /^TABLE_NOT_FOUND: /],
  ['SELECT * FROM temp.main.lb_t0', /^CATALOG_NOT_FOUND: /],
  [`COPY (SELECT 1) TO '${outside}'`, /^SYNTAX_ERROR: line 1:1: mismatched input 'COPY'/],
  ["ATTACH '/tmp/x.db' AS x", /^SYNTAX_ERROR: line 1:1: mismatched input 'ATTACH'/],
  ['INSTALL httpfs', /^SYNTAX_ERROR: line 1:1: mismatched input 'INSTALL'/],
  ['LOAD httpfs', /^SYNTAX_ERROR: line 1:1: mismatched input 'LOAD'/],
  ['SET enable_external_access = true', /^SYNTAX_ERROR: line 1:5: mismatched input 'enable_external_access'/],
  ['PRAGMA threads = 1', /^SYNTAX_ERROR: line 1:1: mismatched input 'PRAGMA'/],
  ['.read /etc/passwd', /^SYNTAX_ERROR: line 1:1: mismatched input '\.'/],
  ['SELECT 1; SELECT 2', /^SYNTAX_ERROR: .*one sql statement/i],
  ["SELECT getenv('HOME')", /^FUNCTION_NOT_FOUND: /],
  // CTAS runs (see test/athena-ddl), in the catalog only: this database does not exist.
  ['CREATE TABLE db.t AS SELECT 1', /^SCHEMA_NOT_FOUND: line 1:14: Schema 'db' does not exist/],
  ["EXPORT DATABASE '/tmp/x'", /^SYNTAX_ERROR: line 1:1: mismatched input 'EXPORT'/],
  ["SET SESSION x = 'y'", /^NOT_SUPPORTED: SET SESSION/],
];

describe('engine sandbox', () => {
  it.each(HOSTILE)('refuses %s', async (sql, message) => {
    await using h = new EngineHarness();
    await h.database('default');
    const error = await h.run(sql).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ errorCategory: 2, message: expect.stringMatching(message) });
    expect(existsSync(outside)).toBe(false);
  });

  it('locks the DuckDB instance itself to the root directory (second line of defence)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lakebox-sandbox-'));
    const instance = await createSandboxedInstance(root);
    const conn = await instance.connect();
    try {
      for (const sql of [
        "SELECT * FROM read_text('/etc/passwd')",
        `SELECT * FROM read_text('${root}/../../etc/passwd')`,
        `COPY (SELECT 1) TO '${outside}'`,
        "ATTACH '/tmp/lakebox-x.db' AS x",
        'INSTALL httpfs',
        'LOAD httpfs',
        "SELECT * FROM read_csv('https://example.com/x.csv')",
        'SET enable_external_access = true',
        "SET allowed_directories = ['/']",
        'SET lock_configuration = false',
        'PRAGMA threads = 1',
      ]) {
        await expect(conn.run(sql), sql).rejects.toThrow(/Permission Error|configuration has been locked|disabled/);
      }
      expect(existsSync(outside)).toBe(false);
      await conn.run(`COPY (SELECT 1) TO '${root}/inside.csv'`);
      expect(existsSync(join(root, 'inside.csv'))).toBe(true);
    } finally {
      conn.closeSync();
      instance.closeSync();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('never rewrites string literals or quoted identifiers', async () => {
    await using h = new EngineHarness();
    h.bucket('data');
    await h.database('db');
    h.put('data', 't/a.csv', '1\n');
    await h.table('db', 't', { 'date_add(1/0)': 'int' }, FORMATS.csv(','), 's3://data/t/');
    const r = await h.run(`SELECT 'approx_distinct(x) 1/0 ?' AS s, "date_add(1/0)" FROM db.t WHERE 'a' = ?`, {
      parameters: ["'a'"],
    });
    expect(r.csv).toBe('"s","date_add(1/0)"\n"approx_distinct(x) 1/0 ?","1"\n');
  });
});
