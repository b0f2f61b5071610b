import { describe, expect, it } from 'vitest';
import { classifyStatement, parseExecute, splitTopLevel } from './statement.js';

describe('classifyStatement', () => {
  it.each([
    ['SELECT 1', 'DML', 'SELECT'],
    ['  -- note\n/* x */ with t as (select 1) select * from t', 'DML', 'SELECT'],
    ['INSERT INTO t SELECT 1', 'DML', 'INSERT'],
    ['SHOW TABLES IN db', 'UTILITY', 'SHOW_TABLES'],
    ['describe t', 'UTILITY', 'DESCRIBE_TABLE'],
    ['EXPLAIN SELECT 1', 'UTILITY', 'EXPLAIN'],
    ["CREATE EXTERNAL TABLE t (a int) LOCATION 's3://b/'", 'DDL', 'CREATE_TABLE'],
    ['CREATE TABLE t AS SELECT 1', 'DDL', 'CREATE_TABLE_AS_SELECT'],
    ['MSCK REPAIR TABLE t', 'DDL', 'MSCK_REPAIR_TABLE'],
    ['ALTER TABLE t ADD PARTITION (p=1)', 'DDL', 'ALTER_TABLE'],
  ])('%s → %s / %s', (sql, type, sub) => {
    expect(classifyStatement(sql)).toEqual({ statementType: type, substatementType: sub });
  });
});

describe('parseExecute', () => {
  it('reads the name and USING values, respecting quotes and parentheses', () => {
    expect(parseExecute('EXECUTE q1')).toEqual({ name: 'q1', parameters: [] });
    expect(parseExecute("execute q1 USING 1, 'a, b', f(2, 3), 'it''s';")).toEqual({
      name: 'q1',
      parameters: ['1', "'a, b'", 'f(2, 3)', "'it''s'"],
    });
    expect(parseExecute('SELECT 1')).toBeUndefined();
    expect(splitTopLevel("ARRAY[1, 2], 'x'")).toEqual(['ARRAY[1, 2]', "'x'"]);
  });
});
