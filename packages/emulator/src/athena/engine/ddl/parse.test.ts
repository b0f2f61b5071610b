import { describe, expect, it } from 'vitest';
import { tokenize } from '../tokens.js';
import { parseDdl, querySql } from './parse.js';

const parse = (sql: string) => parseDdl(sql, tokenize(sql));

describe('DDL parser', () => {
  it('reads CREATE EXTERNAL TABLE with Hive types, comments and clauses in any order', () => {
    const st = parse(`CREATE EXTERNAL TABLE IF NOT EXISTS \`My_Db\`.t (
      a map<string, array<int>> COMMENT 'x, y', \`b c\` decimal(10, 2))
      PARTITIONED BY (dt string) STORED AS PARQUET LOCATION 's3://b/p/' TBLPROPERTIES ('k'='v');`);
    expect(st).toMatchObject({
      kind: 'createTable',
      external: true,
      ifNotExists: true,
      table: { schema: 'my_db', name: 't' },
      columns: [
        { name: 'a', type: 'map<string,array<int>>', comment: 'x, y' },
        { name: 'b c', type: 'decimal(10,2)' },
      ],
      partitionKeys: [{ name: 'dt', type: 'string' }],
      storedAs: { kind: 'named', format: 'PARQUET' },
      location: 's3://b/p/',
      tblProperties: { k: 'v' },
    });
  });

  it('locates the query of a CTAS, without its WITH NO DATA', () => {
    const sql = "CREATE TABLE t WITH (partitioned_by = ARRAY['a', 'b'], bucket_count = 4) AS SELECT 1 WITH NO DATA";
    const st = parse(sql);
    expect(st).toMatchObject({
      kind: 'ctas',
      withData: false,
      properties: { partitioned_by: ['a', 'b'], bucket_count: '4' },
    });
    if (st.kind !== 'ctas') throw new Error('not a CTAS');
    expect(querySql(sql, st.query).trim()).toBe('SELECT 1');
    expect(querySql(sql, st.query).length).toBe(sql.indexOf('WITH NO DATA'));
  });

  it('reads INSERT with and without a column list, partitions specs, and reports syntax errors as Trino does', () => {
    expect(parse('INSERT INTO t (a, b) SELECT 1, 2')).toMatchObject({ kind: 'insert', columns: ['a', 'b'] });
    expect(parse('INSERT INTO t (SELECT 1)')).toMatchObject({ kind: 'insert', columns: undefined });
    expect(
      parse("ALTER TABLE t ADD PARTITION (dt = '1', n = 2) LOCATION 's3://b/x/' PARTITION (dt = '2', n = 3)"),
    ).toMatchObject({
      kind: 'addPartitions',
      partitions: [
        {
          values: [
            ['dt', '1'],
            ['n', '2'],
          ],
          location: 's3://b/x/',
        },
        {
          values: [
            ['dt', '2'],
            ['n', '3'],
          ],
        },
      ],
    });
    expect(() => parse('DROP FUNCTION f')).toThrow(
      "SYNTAX_ERROR: line 1:6: mismatched input 'FUNCTION'. Expecting: 'DATABASE', 'SCHEMA', 'TABLE', 'VIEW'",
    );
  });
});
