/**
 * Rewritten queries, cached while nothing they were built from changes. Rewriting a query over a partitioned
 * table reads its registered partitions, lists their files and builds a SELECT over hundreds of paths: about
 * 10–15 ms for 365 partitions, paid again by every run of the same query. A cached rewrite is reused only if
 * the change counters of everything it read (migration 007: the account/region's Glue catalog, and every
 * bucket whose objects were listed) are the same as when it was built, so a new partition, table change or
 * object written in between is always seen.
 *
 * The same holds one level down (`VersionedCache`, used by `query-tables.ts`): a table's registered partitions
 * and its source for a set of partitions are reused by a different query over the unchanged table, which then
 * pays for parsing and deparsing its own text only.
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

interface Entry<T> {
  value: T;
  /** Change counters of the scopes the value was built from, as they were before it was built. */
  versions: Map<string, number>;
  /** Buckets whose objects were listed (given again to an enclosing build on a hit). */
  buckets: readonly string[];
}

/**
 * Values built from the catalog (a query's rewrite, a table's source), each reused while the change counters
 * of everything it read are unchanged. Builds nest: a table source built (or reused) while a query's rewrite
 * is built adds what it read to the rewrite's dependencies, so the outer entry is invalidated with the inner.
 */
export class VersionedCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly db: Db,
    private readonly limit = 256,
  ) {}

  /**
   * The value for `key` (everything it depends on besides the catalog and listed buckets: scope, default
   * database, SQL text, ...), built with `build` unless a cached one is still valid.
   */
  async get(scope: { account: string; region: string }, key: string, build: () => Promise<T>): Promise<T> {
    const outer = building.getStore();
    const hit = this.entries.get(key);
    if (hit && this.valid(hit)) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      for (const b of hit.buckets) outer?.buckets.add(b);
      return hit.value;
    }
    // Counters are read before building: a change made while it builds leaves the entry already stale.
    const before = this.allVersions();
    const read: Dependencies = { buckets: new Set(), volatile: false };
    const value = await building.run(read, build);
    if (outer) {
      for (const b of read.buckets) outer.buckets.add(b);
      if (read.volatile) outer.volatile = true;
    }
    if (read.volatile) return value;
    const buckets = [...read.buckets];
    const scopes = [`glue:${scope.account}:${scope.region}`, ...buckets.map((b) => `s3:${b}`)];
    this.entries.set(key, { value, versions: new Map(scopes.map((s) => [s, before.get(s) ?? 0])), buckets });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.limit) break;
      this.entries.delete(oldest);
    }
    return value;
  }

  clear(): void {
    this.entries.clear();
  }

  private valid(entry: Entry<T>): boolean {
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

/** Rewritten queries by scope, default database and SQL text. */
export class PreparedQueryCache extends VersionedCache<PreparedQuery> {}
