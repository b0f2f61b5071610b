/**
 * Rewritten queries, cached while nothing they were built from changes. Rewriting a query over a partitioned
 * table reads its registered partitions, lists their files and builds a SELECT over hundreds of paths: about
 * 10–15 ms for 365 partitions, paid again by every run of the same query. A cached rewrite is reused only if
 * the change counters of everything it read (migration 007: the account/region's Glue catalog, and every
 * bucket whose objects were listed) are the same as when it was built, so a new partition, table change or
 * object written in between is always seen.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from '../../store/sqlite.js';
import type { OutputZone } from './output-names.js';

/** What a rewrite read besides the Glue catalog, collected while it is built. */
interface Dependencies {
  /** Buckets whose objects were listed. */
  buckets: Set<string>;
  /** The rewrite depends on something no counter tracks (the clock: partition projection up to `NOW`). */
  volatile: boolean;
}

const building = new AsyncLocalStorage<Dependencies>();

/** While a rewrite is built: it lists objects of `bucket` (`table-files.ts`). */
export function dependOnBucket(bucket: string): void {
  building.getStore()?.buckets.add(bucket);
}

/** While a rewrite is built: it must not be reused (it depends on the time, say). */
export function dependOnNothingCached(): void {
  const store = building.getStore();
  if (store) store.volatile = true;
}

/** A query ready to run: the SQL DuckDB runs and what it needs from the user's query. */
export interface PreparedQuery {
  /** The rewritten SQL (tables replaced by their sources). */
  sql: string;
  /** The same over sources without files: the same result columns, found without opening any file. */
  typingSql: string;
  /** Athena's names for the result columns, or undefined to take DuckDB's. */
  names: string[] | undefined;
  /** Which result columns are a bare NULL (type `unknown`). */
  nulls: boolean[];
  /** The zone each result column of TIMESTAMP WITH TIME ZONE is shown in, when the query names one. */
  zones: (OutputZone | undefined)[];
  /** Bytes of the files the query reads. */
  scanned: number;
}

interface Entry {
  prepared: PreparedQuery;
  /** Change counters of the scopes the rewrite read, as they were before it was built. */
  versions: Map<string, number>;
}

const LIMIT = 256;

export class PreparedQueryCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly db: Db) {}

  /**
   * The prepared query for `key` (everything the rewrite depends on besides the catalog: scope, default
   * database, SQL text), built with `build` unless a cached one is still valid.
   */
  async get(
    scope: { account: string; region: string },
    key: string,
    build: () => Promise<PreparedQuery>,
  ): Promise<PreparedQuery> {
    const hit = this.entries.get(key);
    if (hit && this.valid(hit)) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.prepared;
    }
    // Counters are read before building: a change made while it builds leaves the entry already stale.
    const before = this.allVersions();
    const read: Dependencies = { buckets: new Set(), volatile: false };
    const prepared = await building.run(read, build);
    if (read.volatile) return prepared;
    const scopes = [`glue:${scope.account}:${scope.region}`, ...[...read.buckets].map((b) => `s3:${b}`)];
    this.entries.set(key, { prepared, versions: new Map(scopes.map((s) => [s, before.get(s) ?? 0])) });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= LIMIT) break;
      this.entries.delete(oldest);
    }
    return prepared;
  }

  clear(): void {
    this.entries.clear();
  }

  private valid(entry: Entry): boolean {
    const read = this.db.prepare('SELECT version FROM catalog_versions WHERE scope = ?').pluck();
    for (const [scope, version] of entry.versions) {
      if (((read.get(scope) as number | undefined) ?? 0) !== version) return false;
    }
    return true;
  }

  private allVersions(): Map<string, number> {
    const rows = this.db.prepare('SELECT scope, version FROM catalog_versions').all() as {
      scope: string;
      version: number;
    }[];
    return new Map(rows.map((r) => [r.scope, r.version]));
  }
}
