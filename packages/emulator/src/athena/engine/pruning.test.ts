import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSelect } from './ast.js';
import { prunePartitions } from './pruning.js';
import { rewriteTree } from './rewrite.js';

let instance: DuckDBInstance;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
});
afterAll(() => instance.closeSync());

const partitions = ['2024-01-01', '2024-01-02', '2024-1-3', '__HIVE_DEFAULT_PARTITION__'].flatMap((dt, i) => [
  { Values: [dt, String(2023 + (i % 2))] },
]);
const keys = [
  { name: 'dt', type: 'VARCHAR' },
  { name: 'year', type: 'INTEGER' },
];

async function kept(where: string, from = 'db.t AS x'): Promise<string[]> {
  const conn = await instance.connect();
  try {
    const sql = `SELECT * FROM ${from} WHERE ${where}`;
    const tree = await parseSelect(conn, sql);
    const ref = rewriteTree(sql, tree).find((r) => r.table === 't');
    return prunePartitions(ref?.where, keys, new Set(['x']), partitions).map((p) => p.Values?.[0] ?? '');
  } finally {
    conn.closeSync();
  }
}

describe('partition pruning', () => {
  it.each([
    ["dt = '2024-01-02'", ['2024-01-02']],
    ["x.dt = '2024-01-02'", ['2024-01-02']],
    ["'2024-01-02' = dt", ['2024-01-02']],
    ["dt IN ('2024-01-01', '2024-1-3')", ['2024-01-01', '2024-1-3']],
    ["dt BETWEEN '2024-01-01' AND '2024-01-01'", ['2024-01-01']],
    ["dt = '2024-01-01' OR year = 2024", ['2024-01-01', '2024-01-02', '__HIVE_DEFAULT_PARTITION__']],
    ["dt = '2024-01-01' AND year = 2024", []],
    ["year > '2023'", ['2024-01-02', '__HIVE_DEFAULT_PARTITION__']],
    // Not decidable exactly: every partition is kept and DuckDB filters.
    ["dt = DATE '2024-01-03'", ['2024-01-01', '2024-01-02', '2024-1-3', '__HIVE_DEFAULT_PARTITION__']],
    ['dt > 5', ['2024-01-01', '2024-01-02', '2024-1-3', '__HIVE_DEFAULT_PARTITION__']],
    ["upper(dt) = 'X'", ['2024-01-01', '2024-01-02', '2024-1-3', '__HIVE_DEFAULT_PARTITION__']],
    ["y.dt = '2024-01-02'", ['2024-01-01', '2024-01-02', '2024-1-3', '__HIVE_DEFAULT_PARTITION__']],
  ] as Array<[string, string[]]>)('%s', async (where, expected) => {
    expect(await kept(where)).toEqual(expected);
  });

  it('prunes a table in a join only by columns qualified with its name', async () => {
    const all = ['2024-01-01', '2024-01-02', '2024-1-3', '__HIVE_DEFAULT_PARTITION__'];
    const join = 'db.t AS x LEFT JOIN db.u AS y ON x.k = y.k';
    expect(await kept("x.dt = '2024-01-02'", join)).toEqual(['2024-01-02']);
    expect(await kept("dt = '2024-01-02'", join)).toEqual(all);
    expect(await kept("x.dt = '2024-01-02'", `db.u AS y JOIN (${join.replace('LEFT ', '')}) ON true`)).toEqual([
      '2024-01-02',
    ]);
    expect(await kept("x.dt = '2024-01-02'", 'db.u AS y, (SELECT * FROM db.t AS x) AS z')).toEqual(all);
  });
});
