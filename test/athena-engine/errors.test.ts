import { describe, expect, it } from 'vitest';
import { EngineHarness, FORMATS } from '../support/engine.js';

async function withTable(h: EngineHarness) {
  h.bucket('data');
  await h.database('db');
  h.put('data', 't/a.csv', '1,a\n');
  await h.table('db', 't', { id: 'int', name: 'string' }, FORMATS.csv(','), 's3://data/t/');
}

const CASES: Array<[string, string]> = [
  ['SELECT * FROM db.x', "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.db.x' does not exist"],
  ['SELECT *\nFROM   nope.x', "SCHEMA_NOT_FOUND: line 2:8: Schema 'nope' does not exist"],
  ['SELECT x FROM db.t', "COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved"],
  ['SELECT id FROM db.t WHERE missing_col = 1', "COLUMN_NOT_FOUND: line 1:27: Column 'missing_col' cannot be resolved"],
  ['SELECT nosuchfn(id) FROM db.t', "FUNCTION_NOT_FOUND: line 1:8: Function 'nosuchfn' not registered"],
  ['SELECT 1/0', 'DIVISION_BY_ZERO: Division by zero'],
  ['SELECT id % 0 FROM db.t', 'DIVISION_BY_ZERO: Division by zero'],
  // Trino's parser words (DuckDB's "syntax error at or near ..." never shows).
  [
    'SELECT FROM db.t',
    "SYNTAX_ERROR: line 1:8: mismatched input 'FROM'. Expecting: '*', 'ALL', 'DISTINCT', <expression>",
  ],
  ['SELECT id FROM db.t WHERE', "SYNTAX_ERROR: line 1:26: mismatched input '<EOF>'. Expecting: <expression>"],
  ['SELECT id, FROM db.t', "SYNTAX_ERROR: line 1:12: mismatched input 'FROM'. Expecting: <expression>"],
  [
    'SELECT id FROM FROM db.t',
    "SYNTAX_ERROR: line 1:16: mismatched input 'FROM'. Expecting: '(', 'LATERAL', 'UNNEST', <identifier>",
  ],
  ['SELECT id FROM db.t GROUP id', "SYNTAX_ERROR: line 1:27: mismatched input 'id'. Expecting: 'BY'"],
  [
    'SELECT id FROM db.t WHERE id = 1 1',
    "SYNTAX_ERROR: line 1:34: mismatched input '1'. Expecting: 'AND', 'EXCEPT', 'FETCH', 'GROUP', 'HAVING', 'INTERSECT', 'LIMIT', 'OFFSET', 'OR', 'ORDER', 'UNION', <EOF>",
  ],
  // Trino's analyzer words for what DuckDB's binder rejects.
  [
    'SELECT name, count(*) FROM db.t',
    "EXPRESSION_NOT_AGGREGATE: line 1:8: 'name' must be an aggregate expression or appear in GROUP BY clause",
  ],
  [
    'SELECT id FROM db.t WHERE count(*) > 1',
    'EXPRESSION_NOT_SCALAR: WHERE clause cannot contain aggregations, window functions or grouping operations',
  ],
  ['SELECT id FROM db.t ORDER BY 3', 'INVALID_COLUMN_REFERENCE: line 1:30: ORDER BY position 3 is not in select list'],
  ["SELECT id + 'a' FROM db.t", 'TYPE_MISMATCH: Cannot apply operator: integer + varchar'],
];

describe('engine errors', () => {
  it.each(CASES)('%s', async (sql, message) => {
    await using h = new EngineHarness();
    await withTable(h);
    await expect(h.run(sql)).rejects.toMatchObject({ errorCategory: 2, errorType: 1000, message });
  });

  it('reports syntax errors with line:column', async () => {
    await using h = new EngineHarness();
    await expect(h.run('SELECT 1 FROM')).rejects.toMatchObject({
      message: expect.stringMatching(/^SYNTAX_ERROR: line 1:14: /),
    });
    await expect(h.run('SELECT\n  1 FROM FROM')).rejects.toMatchObject({
      message: "SYNTAX_ERROR: line 2:10: mismatched input 'FROM'. Expecting: '(', 'LATERAL', 'UNNEST', <identifier>",
    });
  });

  it('reports positions in an EXPLAIN against the whole statement', async () => {
    await using h = new EngineHarness();
    await withTable(h);
    await expect(h.run('EXPLAIN SELECT * FROM db.x')).rejects.toThrow(
      "TABLE_NOT_FOUND: line 1:23: Table 'awsdatacatalog.db.x' does not exist",
    );
  });

  it('uses the query database and reports it in TABLE_NOT_FOUND', async () => {
    await using h = new EngineHarness();
    await withTable(h);
    expect((await h.run('SELECT name FROM t', { database: 'DB' })).csv).toBe('"name"\n"a"\n');
    await expect(h.run('SELECT * FROM t2', { database: 'db' })).rejects.toThrow(
      "TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.db.t2' does not exist",
    );
  });

  it('cancels a running query through the signal', async () => {
    await using h = new EngineHarness();
    const controller = new AbortController();
    const running = h.run(
      'SELECT count(*) FROM unnest(sequence(1, 100000)) a(x) CROSS JOIN unnest(sequence(1, 100000)) b(y) WHERE x + y > 0',
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 100);
    await expect(running).rejects.toThrow(/^USER_CANCELED/);
  });
});
