import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../../store/sqlite.js';
import type { PartitionTable } from './partitions-store.js';

/**
 * The `values_key`s of a table's partitions, in SQLite's key order, with each parsed once.
 *
 * GetPartitions evaluates its predicate on every partition of the table; reading 10,000 keys from
 * SQLite costs far more than evaluating them, so the keys of recently listed tables are kept in memory.
 * A snapshot is valid while the database has not changed at all: `total_changes()` counts every row
 * this connection writes (any table, any module, `reset` included) and `PRAGMA data_version` moves when
 * another connection commits. Inside a transaction nothing is cached, since it may still roll back.
 */
export interface PartitionKeys {
  /** `values_key` of each partition, ascending in SQLite's BINARY (UTF-8 byte) order. */
  keys: readonly string[];
  /** `values[i]` is `JSON.parse(keys[i])`. */
  values: readonly (readonly string[])[];
}

/** Tables whose keys are kept per database handle; the least recently listed is dropped first. */
const MAX_CACHED_TABLES = 32;

interface Entry extends PartitionKeys {
  stamp: string;
}

interface Cache {
  entries: Map<string, Entry>;
  changes: BetterSqlite3.Statement;
  version: BetterSqlite3.Statement;
  keys: BetterSqlite3.Statement;
}

const caches = new WeakMap<Db, Cache>();

function cacheOf(db: Db): Cache {
  let cache = caches.get(db);
  if (!cache) {
    cache = {
      entries: new Map(),
      changes: db.prepare('SELECT total_changes()').pluck(),
      version: db.prepare('PRAGMA data_version').pluck(),
      keys: db
        .prepare(
          'SELECT values_key FROM glue_partitions WHERE account = ? AND region = ? AND database_name = ? AND table_name = ? ORDER BY values_key',
        )
        .pluck(),
    };
    caches.set(db, cache);
  }
  return cache;
}

function load(cache: Cache, t: PartitionTable): PartitionKeys {
  const keys = cache.keys.all(t.scope.account, t.scope.region, t.database, t.name) as string[];
  return { keys, values: keys.map((k) => JSON.parse(k) as string[]) };
}

/** Every partition key of the table, from memory when nothing has been written since it was read. */
export function partitionKeys(db: Db, t: PartitionTable): PartitionKeys {
  const cache = cacheOf(db);
  if (db.inTransaction) return load(cache, t);
  const id = [t.scope.account, t.scope.region, t.database, t.name].join('\u0000');
  const stamp = `${cache.changes.get() as number}:${cache.version.get() as number}`;
  const hit = cache.entries.get(id);
  cache.entries.delete(id);
  const entry = hit && hit.stamp === stamp ? hit : { stamp, ...load(cache, t) };
  cache.entries.set(id, entry);
  for (const oldest of cache.entries.keys()) {
    if (cache.entries.size <= MAX_CACHED_TABLES) break;
    cache.entries.delete(oldest);
  }
  return entry;
}

/** SQLite compares TEXT with BINARY collation: UTF-8 bytes, which differs from JS's UTF-16 order. */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Index of the first key greater than `after` (0 for ''), by binary search. */
export function firstKeyAfter(keys: readonly string[], after: string): number {
  if (after === '') return 0;
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareUtf8(keys[mid] ?? '', after) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
