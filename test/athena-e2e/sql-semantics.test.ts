/**
 * Trino semantics where DuckDB differs, Athena's failure messages, and hostile SQL, all seen through the
 * Athena API as a client sees them (FAILED with StateChangeReason and AthenaError).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAthenaTestLakebox } from '../support/athena.js';
import { filesUnder } from '../support/s3.js';
import { columnTypes, createTable, FORMATS, fails, select, upload } from './lake.js';

describe('Trino semantics through Athena', () => {
  it('integer division truncates, 1.5 is a double, division by zero FAILS', async () => {
    await using t = await startAthenaTestLakebox();
    const answer = await select(t, 'SELECT 5/2 AS q, -7/2 AS n, 5 % 3 AS m, 1.5 AS x, 7/2.0 AS d, 5/2 * 2 AS back');
    expect(columnTypes(answer.columns)).toEqual({
      q: 'integer',
      n: 'integer',
      m: 'integer',
      x: 'double',
      d: 'double',
      back: 'integer',
    });
    expect(answer.rows).toEqual([['2', '-3', '2', '1.5', '3.5', '4']]);

    for (const sql of ['SELECT 1/0', 'SELECT 1 % 0', 'SELECT CAST(10 AS BIGINT) / (5 - 5)']) {
      const failed = await fails(t, sql);
      expect(failed.Status?.StateChangeReason, sql).toMatch(/^DIVISION_BY_ZERO: /);
      expect(failed.Status?.AthenaError).toMatchObject({ ErrorCategory: 2, Retryable: false });
    }
  });

  it('a division by zero in table data FAILS the query too', async () => {
    await using t = await startAthenaTestLakebox();
    await upload(t, 's3://lake/nums/n.csv', '10,2\n7,0\n');
    await createTable(t, {
      database: 'lake',
      name: 'nums',
      columns: ['a int', 'b int'],
      location: 's3://lake/nums/',
      format: FORMATS.csv(','),
    });
    const ok = await select(t, 'SELECT a / b AS q FROM nums WHERE b <> 0', 'lake');
    expect(ok.rows).toEqual([['5']]);
    const failed = await fails(t, 'SELECT a / b AS q FROM nums', 'lake');
    expect(failed.Status?.StateChangeReason).toMatch(/^DIVISION_BY_ZERO: /);
  });

  it('a floating point division by zero is Infinity or NaN, not an error; its type stays', async () => {
    await using t = await startAthenaTestLakebox();
    const answer = await select(
      t,
      'SELECT 1.5 / 0 AS a, -1.5 / 0 AS b, 0.0 / 0 AS c, CAST(2 AS real) / 0 AS r, 1 / 0.0 AS d, 7 / 2 AS i',
    );
    expect(columnTypes(answer.columns)).toEqual({
      a: 'double',
      b: 'double',
      c: 'double',
      r: 'float',
      d: 'double',
      i: 'integer',
    });
    expect(answer.rows).toEqual([['Infinity', '-Infinity', 'NaN', 'Infinity', 'Infinity', '3']]);

    await upload(t, 's3://lake/ratios/r.csv', '1.0,0.0\n-2.5,0\n0,0\n3,2\n');
    await createTable(t, {
      database: 'lake',
      name: 'ratios',
      columns: ['x double', 'y double'],
      location: 's3://lake/ratios/',
      format: FORMATS.csv(','),
    });
    const fromData = await select(t, 'SELECT x / y AS q FROM ratios', 'lake');
    expect(fromData.rows).toEqual([['Infinity'], ['-Infinity'], ['NaN'], ['1.5']]);
  });

  it('date_trunc and date_add keep a DATE column a DATE', async () => {
    await using t = await startAthenaTestLakebox();
    await upload(t, 's3://lake/days/d.csv', '2024-05-17,2024-05-17 10:11:12\n');
    await createTable(t, {
      database: 'lake',
      name: 'days',
      columns: ['d date', 'ts timestamp'],
      location: 's3://lake/days/',
      format: FORMATS.csv(','),
    });
    const answer = await select(
      t,
      "SELECT date_trunc('month', d) AS m, date_trunc('week', d) AS w, date_trunc('year', d) AS y, " +
        "date_add('day', 1, d) AS next, date_add('month', 1, days.d) AS later, date_trunc('hour', ts) AS h " +
        'FROM days',
      'lake',
    );
    expect(columnTypes(answer.columns)).toEqual({
      m: 'date',
      w: 'date',
      y: 'date',
      next: 'date',
      later: 'date',
      h: 'timestamp',
    });
    expect(answer.rows).toEqual([
      ['2024-05-01', '2024-05-13', '2024-01-01', '2024-05-18', '2024-06-17', '2024-05-17 10:00:00.000'],
    ]);
  });

  it('date_add keeps a DATE from a CTE, a subquery or an expression a DATE', async () => {
    await using t = await startAthenaTestLakebox();
    await upload(t, 's3://lake/days/d.csv', '2024-05-17,2024-05-17 10:11:12\n');
    await createTable(t, {
      database: 'lake',
      name: 'days',
      columns: ['d date', 'ts timestamp'],
      location: 's3://lake/days/',
      format: FORMATS.csv(','),
    });
    const answer = await select(
      t,
      "WITH c AS (SELECT DATE '2024-01-31' AS day, d AS dd, ts AS t2 FROM days), s AS (SELECT day AS start FROM c) " +
        "SELECT date_add('month', 1, c.day) AS a, date_add('day', 1, s.start) AS b, " +
        "date_add('day', 1, date_add('day', 1, c.dd)) AS n2, date_add('day', 1, coalesce(c.dd, DATE '2024-01-01')) AS e, " +
        "date_add('day', 1, CASE WHEN c.dd > s.start THEN c.dd ELSE s.start END) AS f, date_add('hour', 1, c.t2) AS g " +
        'FROM c CROSS JOIN s',
      'lake',
    );
    expect(columnTypes(answer.columns)).toEqual({
      a: 'date',
      b: 'date',
      n2: 'date',
      e: 'date',
      f: 'date',
      g: 'timestamp',
    });
    expect(answer.rows).toEqual([
      ['2024-02-29', '2024-02-01', '2024-05-19', '2024-05-18', '2024-05-18', '2024-05-17 11:11:12.000'],
    ]);
    const sub = await select(
      t,
      "SELECT date_add('week', 1, x) AS w, date_add('day', 1, d) AS d FROM (SELECT max(d) AS x, min(d) AS d FROM days)",
      'lake',
    );
    expect(columnTypes(sub.columns)).toEqual({ w: 'date', d: 'date' });
    expect(sub.rows).toEqual([['2024-05-24', '2024-05-18']]);
  });

  it('a missing table FAILS with TABLE_NOT_FOUND, a syntax error with SYNTAX_ERROR at line 1:<column>', async () => {
    await using t = await startAthenaTestLakebox();
    await upload(t, 's3://lake/x/x.csv', '1\n');
    await createTable(t, {
      database: 'lake',
      name: 'x',
      columns: ['n int'],
      location: 's3://lake/x/',
      format: FORMATS.csv(','),
    });

    const missing = await fails(t, 'SELECT * FROM nope', 'lake');
    expect(missing.Status?.StateChangeReason).toMatch(
      /^TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog\.lake\.nope' does not exist$/,
    );
    expect(missing.Status?.AthenaError).toMatchObject({ ErrorCategory: 2, ErrorType: 1000, Retryable: false });
    const qualified = await fails(t, 'SELECT * FROM lake.nope');
    expect(qualified.Status?.StateChangeReason).toMatch(/^TABLE_NOT_FOUND: .*'awsdatacatalog\.lake\.nope'/);
    const noColumn = await fails(t, 'SELECT missing_column FROM x', 'lake');
    expect(noColumn.Status?.StateChangeReason).toMatch(/^COLUMN_NOT_FOUND: line 1:8: /);

    for (const sql of ['SELECT n FROM x WHERE', 'SELECT n FROM FROM x', 'SELECT (n FROM x']) {
      const syntax = await fails(t, sql, 'lake');
      expect(syntax.Status?.StateChangeReason, sql).toMatch(/^SYNTAX_ERROR: line 1:\d+: /);
      expect(syntax.Status?.AthenaError, sql).toMatchObject({ ErrorCategory: 2, ErrorType: 1000 });
    }
  });

  // Trino (Athena) fails a statement starting with an unknown word while parsing:
  // "SYNTAX_ERROR: line 1:1: mismatched input 'SELEC'. Expecting: ...".
  it('a misspelled statement keyword is a SYNTAX_ERROR at line 1:1', async () => {
    await using t = await startAthenaTestLakebox();
    const syntax = await fails(t, 'SELEC 1');
    expect(syntax.Status?.StateChangeReason).toMatch(/^SYNTAX_ERROR: line 1:1: mismatched input 'SELEC'/);
  });

  // `at` is a keyword to DuckDB's parser but a non-reserved word in Trino, so Athena accepts it as a bare
  // column name.
  it('a column named with a DuckDB-only keyword (at) can be selected without quotes', async () => {
    await using t = await startAthenaTestLakebox();
    await upload(t, 's3://lake/kw/k.csv', '1,2024-01-01 00:00:00\n');
    await createTable(t, {
      database: 'lake',
      name: 'kw',
      columns: ['id int', 'at timestamp'],
      location: 's3://lake/kw/',
      format: FORMATS.csv(','),
    });
    const answer = await select(t, 'SELECT id, at FROM kw', 'lake');
    expect(answer.rows).toEqual([['1', '2024-01-01 00:00:00.000']]);
  });
});

describe('hostile SQL through Athena', () => {
  it('FAILS and leaves nothing outside the data directory', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'lakebox-e2e-hostile-'));
    const dataDir = join(parent, 'data');
    const escaped = join(parent, 'escaped.csv');
    const attached = join(parent, 'attached.db');
    const tmpFile = join(tmpdir(), `lakebox-e2e-hostile-${process.pid}.csv`);
    try {
      await using t = await startAthenaTestLakebox({ dataDir });
      await upload(t, 's3://lake/secret/s.csv', 'secret-value\n');
      const objectFile = filesUnder(dataDir).find((f) => f.includes('secret'));
      expect(objectFile).toBeDefined();
      const hostile = [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_csv_auto('/etc/passwd')",
        "SELECT * FROM read_text('/etc/passwd')",
        `SELECT * FROM read_text('${join(dataDir, objectFile ?? '')}')`,
        `SELECT * FROM read_csv('${join(dataDir, '..', '..', 'etc', 'passwd')}')`,
        "SELECT * FROM '/etc/passwd'",
        "SELECT * FROM glob('/*')",
        `COPY (SELECT 1) TO '${tmpFile}'`,
        `COPY (SELECT 1) TO '${escaped}'`,
        `COPY (SELECT 42 AS x) TO '${join(dataDir, 'inside.csv')}'`,
        `ATTACH '${attached}' AS evil`,
        'INSTALL httpfs',
        'LOAD httpfs',
        'SET enable_external_access = true',
        "SET allowed_directories = ['/']",
        'RESET lock_configuration',
        `EXPORT DATABASE '${join(parent, 'export')}'`,
        `SELECT 1; COPY (SELECT 1) TO '${escaped}'`,
      ];
      for (const sql of hostile) {
        const failed = await fails(t, sql);
        const reason = failed.Status?.StateChangeReason ?? '';
        expect(reason, sql).toMatch(/^[A-Z_]+: /);
        expect(reason, sql).not.toMatch(/root:|secret-value/);
        expect(failed.Status?.AthenaError?.ErrorCategory, sql).toBe(2);
      }
      // The engine still works after all that, with its sandbox intact.
      const after = await select(t, 'SELECT 1 AS one');
      expect(after.rows).toEqual([['1']]);
      const still = await fails(t, "SELECT * FROM read_csv('/etc/passwd')");
      expect(still.Status?.StateChangeReason).toMatch(/^NOT_SUPPORTED: /);

      expect(readdirSync(parent)).toEqual(['data']);
      expect(existsSync(tmpFile)).toBe(false);
      expect(filesUnder(dataDir).filter((f) => /inside|attached|escaped|export/.test(f))).toEqual([]);
    } finally {
      rmSync(parent, { recursive: true, force: true });
      rmSync(tmpFile, { force: true });
    }
  });
});
