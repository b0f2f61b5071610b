/**
 * The job runtime's own sandboxed DuckDB (one per lakebox, started on first use, closed on stop), apart from
 * Athena's so a long job never queues behind queries or shares their caches. Spark helper macros are added
 * once (`lb_sp_*`), and result types are reported as Spark types (`StructType.jsonValue()` form).
 */
import type { DuckDBConnection, DuckDBInstance, DuckDBType } from '@duckdb/node-api';
import { DuckDBTypeId } from '@duckdb/node-api';
import { createSandboxedInstance } from '../athena/engine/sandbox.js';
import type { Lakebox } from '../context.js';
import { SPARK_SQL_MACROS } from './spark-functions.js';

/** Spark-semantics helpers, used by the SQL the Python layer generates. */
const SPARK_MACROS: readonly string[] = [
  // Spark's non-ANSI string -> integral cast (UTF8String.toLong/toInt): surrounding whitespace and control
  // characters are trimmed, then an optional sign, digits and an optional '.' followed only by digits (the
  // fraction is dropped: '1.9' -> 1, '.5' -> 0); anything else ('1e3', '0x10', '1 2', '') is NULL, as is overflow.
  `CREATE MACRO lb_sp_str_long(s) AS CASE
     WHEN regexp_full_match(s, '[[:cntrl:] ]*[+-]?([0-9]+([.][0-9]*)?|[.][0-9]*)[[:cntrl:] ]*')
     THEN TRY_CAST(coalesce(nullif(regexp_extract(s, '^[[:cntrl:] ]*[+-]?([0-9]*)', 1), ''), '0') AS HUGEINT)
       * CASE WHEN regexp_matches(s, '^[[:cntrl:] ]*-') THEN -1 ELSE 1 END
     END`,
  // Spark casts to integral types truncate ('1.9' -> 1, 1.9 -> 1); DuckDB rounds. Non-numbers give NULL.
  `CREATE MACRO lb_sp_trunc(x) AS CASE WHEN typeof(x) = 'VARCHAR' THEN lb_sp_str_long(CAST(x AS VARCHAR))
     ELSE trunc(TRY_CAST(x AS DECIMAL(38, 9))) END`,
  // The same for targets of at most 32 bits: a double holds those exactly and costs far less than DECIMAL.
  `CREATE MACRO lb_sp_trunc32(x) AS CASE WHEN typeof(x) = 'VARCHAR' THEN lb_sp_str_long(CAST(x AS VARCHAR))
     ELSE trunc(TRY_CAST(x AS DOUBLE)) END`,
  // Integer division rounding HALF_UP (Spark's decimal division on unscaled values); NULL when dividing by zero.
  `CREATE MACRO lb_sp_hdiv(n, d) AS CASE WHEN d <> 0 THEN
     (abs(n) // abs(d) + CASE WHEN abs(n) % abs(d) >= abs(d) - abs(n) % abs(d) THEN 1 ELSE 0 END)
       * CASE WHEN (n < 0) <> (d < 0) THEN -1 ELSE 1 END END`,
  `CREATE MACRO lb_sp_bool(x) AS CASE
     WHEN lower(trim(CAST(x AS VARCHAR))) IN ('t', 'true', 'y', 'yes', '1') THEN true
     WHEN lower(trim(CAST(x AS VARCHAR))) IN ('f', 'false', 'n', 'no', '0') THEN false
     ELSE TRY_CAST(x AS DOUBLE) <> 0 END`,
  // Spark's implicit string -> date/timestamp for the date part functions (year('2024-01-05') = 2024).
  'CREATE MACRO lb_sp_date(x) AS TRY_CAST(x AS DATE)',
  'CREATE MACRO lb_sp_ts(x) AS TRY_CAST(x AS TIMESTAMP)',
];

const instances = new WeakMap<Lakebox, Promise<DuckDBInstance>>();

function instanceOf(lakebox: Lakebox): Promise<DuckDBInstance> {
  let instance = instances.get(lakebox);
  if (!instance) {
    const starting = (async () => {
      const created = await createSandboxedInstance(lakebox.rootDir);
      const setup = await created.connect();
      try {
        for (const macro of [...SPARK_MACROS, ...SPARK_SQL_MACROS]) await setup.run(macro);
      } finally {
        setup.closeSync();
      }
      return created;
    })();
    instance = starting;
    instances.set(lakebox, starting);
    starting.catch(() => {
      if (instances.get(lakebox) === starting) instances.delete(lakebox);
    });
    lakebox.onStop.unshift(async () => {
      instances.delete(lakebox);
      (await starting.catch(() => undefined))?.closeSync();
    });
  }
  return instance;
}

/** Run `fn` with a fresh connection of the runtime's instance (temp objects stay private to it). */
export async function withConnection<T>(lakebox: Lakebox, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const conn = await (await instanceOf(lakebox)).connect();
  try {
    return await fn(conn);
  } finally {
    conn.closeSync();
  }
}

/** A Spark data type as `DataType.jsonValue()` gives it: `'integer'`, `'decimal(10,2)'`, `{type:'array',...}`. */
export type SparkType = string | { [key: string]: unknown };

export interface ResultColumn {
  name: string;
  /** DuckDB's type text, e.g. `DECIMAL(10,2)` (for casts the server adds). */
  duckType: string;
  type: SparkType;
}

/** Spark's type for a DuckDB type; types Spark lacks map to the nearest (HUGEINT: long, as Spark's sum). */
export function sparkType(t: DuckDBType): SparkType {
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return 'boolean';
    case DuckDBTypeId.TINYINT:
      return 'byte';
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.UTINYINT:
      return 'short';
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.USMALLINT:
      return 'integer';
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.UHUGEINT:
      return 'long';
    case DuckDBTypeId.FLOAT:
      return 'float';
    case DuckDBTypeId.DOUBLE:
      return 'double';
    case DuckDBTypeId.DATE:
      return 'date';
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return 'timestamp';
    case DuckDBTypeId.DECIMAL: {
      const d = t as unknown as { width: number; scale: number };
      return `decimal(${d.width},${d.scale})`;
    }
    case DuckDBTypeId.BLOB:
      return 'binary';
    case DuckDBTypeId.SQLNULL:
      return 'void';
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY: {
      const l = t as unknown as { valueType: DuckDBType };
      return { type: 'array', elementType: sparkType(l.valueType), containsNull: true };
    }
    case DuckDBTypeId.MAP: {
      const m = t as unknown as { keyType: DuckDBType; valueType: DuckDBType };
      return { type: 'map', keyType: sparkType(m.keyType), valueType: sparkType(m.valueType), valueContainsNull: true };
    }
    case DuckDBTypeId.STRUCT: {
      const s = t as unknown as { entryNames: readonly string[]; entryTypes: readonly DuckDBType[] };
      return {
        type: 'struct',
        fields: s.entryNames.map((name, i) => ({
          name,
          type: sparkType(s.entryTypes[i] as DuckDBType),
          nullable: true,
          metadata: {},
        })),
      };
    }
    default:
      return 'string';
  }
}

/**
 * Casts that make a result what Spark would hold: HUGEINT/unsigned (DuckDB's sum of integers) -> BIGINT,
 * TIMESTAMP WITH TIME ZONE -> TIMESTAMP (UTC), TIME/INTERVAL/UUID/ENUM -> VARCHAR. Undefined when none is needed.
 */
export function sparkCast(t: DuckDBType): string | undefined {
  switch (t.typeId) {
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.UINTEGER:
      return 'BIGINT';
    case DuckDBTypeId.TIMESTAMP_TZ:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return 'TIMESTAMP';
    case DuckDBTypeId.TIME:
    case DuckDBTypeId.TIME_TZ:
    case DuckDBTypeId.INTERVAL:
    case DuckDBTypeId.UUID:
    case DuckDBTypeId.ENUM:
      return 'VARCHAR';
    default:
      return undefined;
  }
}
