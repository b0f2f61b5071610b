import { describe, expect, it } from 'vitest';
import { quoteKeywordIdentifiers } from './keyword-identifiers.js';
import { tokenize } from './tokens.js';

const quote = (sql: string) => quoteKeywordIdentifiers(sql, tokenize(sql)).sql;

describe('quoteKeywordIdentifiers', () => {
  it('quotes DuckDB-only keywords used as identifiers', () => {
    expect(quote('SELECT id, at FROM kw WHERE at > 1 ORDER BY at')).toBe(
      'SELECT id, "at" FROM kw WHERE "at" > 1 ORDER BY "at"',
    );
    expect(quote('SELECT t.at, max(column) AS show, at.x FROM t')).toBe(
      'SELECT t."at", max("column") AS "show", "at".x FROM t',
    );
    expect(quote("SELECT map['k'], ARRAY[1] FROM t")).toBe('SELECT "map"[\'k\'], ARRAY[1] FROM t');
    expect(quote('WITH x(at, map) AS (SELECT 1, 2) SELECT DISTINCT default FROM x JOIN y USING (at)')).toBe(
      'WITH x("at", "map") AS (SELECT 1, 2) SELECT DISTINCT "default" FROM x JOIN y USING ("at")',
    );
  });

  it('leaves keyword uses, literals and quoted identifiers alone', () => {
    for (const sql of [
      "SELECT ts AT TIME ZONE 'UTC', at AT TIME ZONE 'UTC' FROM t",
      "SELECT 'at', \"at\", ARRAY[1], map(ARRAY['a'], ARRAY[1]), CAST(x AS array<integer>) FROM t",
      'SELECT a FROM t UNION ALL SELECT b FROM u ORDER BY a DESC LIMIT 10 OFFSET 2',
      'SELECT count(ALL x), x = ANY (SELECT 1), trim(BOTH FROM s), try_cast(x AS int) FROM t',
      "SELECT INTERVAL '1' YEAR TO MONTH -- at\n",
    ]) {
      expect(quote(sql), sql).toBe(
        sql === "SELECT ts AT TIME ZONE 'UTC', at AT TIME ZONE 'UTC' FROM t"
          ? "SELECT ts AT TIME ZONE 'UTC', \"at\" AT TIME ZONE 'UTC' FROM t"
          : sql,
      );
    }
  });

  it('maps positions back to the original text', () => {
    const sql = 'SELECT at, nope FROM t';
    const n = quoteKeywordIdentifiers(sql, tokenize(sql));
    expect(n.original(n.sql.indexOf('nope'))).toBe(sql.indexOf('nope'));
    expect(n.original(n.sql.indexOf('"at"'))).toBe(sql.indexOf('at'));
  });
});
