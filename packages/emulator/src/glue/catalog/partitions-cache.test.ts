import { describe, expect, it } from 'vitest';
import { openDb, resetDb } from '../../store/sqlite.js';
import { firstKeyAfter, partitionKeys } from './partitions-cache.js';
import type { PartitionTable } from './partitions-store.js';

const t: PartitionTable = { scope: { account: '1', region: 'r' }, database: 'db', name: 't', table: { Name: 't' } };

function insert(db: ReturnType<typeof openDb>, ...keys: string[][]) {
  const stmt = db.prepare(
    "INSERT INTO glue_partitions (account, region, database_name, table_name, values_key, doc) VALUES ('1', 'r', 'db', 't', ?, '{}')",
  );
  for (const k of keys) stmt.run(JSON.stringify(k));
}

describe('partition key cache', () => {
  it('sees every write made through the connection, whichever module makes it', () => {
    const db = openDb(':memory:');
    insert(db, ['b'], ['a']);
    expect(partitionKeys(db, t).values).toEqual([['a'], ['b']]);
    insert(db, ['c']);
    expect(partitionKeys(db, t).keys).toEqual(['["a"]', '["b"]', '["c"]']);
    db.prepare('UPDATE glue_partitions SET values_key = \'["z"]\' WHERE values_key = \'["a"]\'').run();
    expect(partitionKeys(db, t).keys).toEqual(['["b"]', '["c"]', '["z"]']);
    resetDb(db);
    expect(partitionKeys(db, t).keys).toEqual([]);
  });

  it('does not keep what a transaction read, since it may roll back', () => {
    const db = openDb(':memory:');
    insert(db, ['a']);
    expect(() =>
      db.transaction(() => {
        insert(db, ['b']);
        expect(partitionKeys(db, t).keys).toHaveLength(2);
        throw new Error('roll back');
      })(),
    ).toThrow('roll back');
    expect(partitionKeys(db, t).keys).toEqual(['["a"]']);
  });

  it('finds the first key after a cursor in SQLite order (UTF-8 bytes, not UTF-16 units)', () => {
    const keys = ['["a"]', '["z"]', '["\uFFFD"]', '["\u{1F600}"]'];
    expect(firstKeyAfter(keys, '')).toBe(0);
    expect(firstKeyAfter(keys, '["a"]')).toBe(1);
    expect(firstKeyAfter(keys, '["\uFFFD"]')).toBe(3);
    expect(firstKeyAfter(keys, '["\u{1F600}"]')).toBe(4);
    expect(firstKeyAfter(keys, '["m"]')).toBe(1);
  });
});
