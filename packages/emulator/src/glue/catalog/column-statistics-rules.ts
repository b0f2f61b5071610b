import type { Column, ColumnStatistics, ColumnStatisticsData, ColumnStatisticsType } from '@aws-sdk/client-glue';
import { errors } from '../../protocol/errors.js';
import { foldName } from './scope.js';

/**
 * What UpdateColumnStatisticsFor{Table,Partition} accepts for one entry. A broken entry is reported in the
 * response's `Errors` (InvalidInputException); the other entries are still written.
 *
 * - the column must be one of the table's (or partition's) columns or partition keys, in any case;
 * - `StatisticsData.Type` must carry its own member (`LONG` -> `LongColumnStatisticsData`) and no other;
 * - the type must suit the column's Hive type, paired as Hive's metastore and the engines that write Glue
 *   statistics (Trino, Spark) pair them: integers and `timestamp` -> LONG, `float`/`double` -> DOUBLE,
 *   `decimal(p,s)` -> DECIMAL, `date` -> DATE, `string`/`varchar`/`char` -> STRING, `binary` -> BINARY,
 *   `boolean` -> BOOLEAN; complex types take no statistics;
 * - values must be consistent: minimum <= maximum, average length <= maximum length (Glue rejects
 *   inconsistent values, as Trino's Glue integration found).
 */

/** The member of ColumnStatisticsData that carries each statistics type's values. */
export const STATISTICS_MEMBER = {
  BOOLEAN: 'BooleanColumnStatisticsData',
  DATE: 'DateColumnStatisticsData',
  DECIMAL: 'DecimalColumnStatisticsData',
  DOUBLE: 'DoubleColumnStatisticsData',
  LONG: 'LongColumnStatisticsData',
  STRING: 'StringColumnStatisticsData',
  BINARY: 'BinaryColumnStatisticsData',
} as const satisfies Record<ColumnStatisticsType, keyof ColumnStatisticsData>;

const STATISTICS_TYPE_OF_HIVE_TYPE: Readonly<Record<string, ColumnStatisticsType>> = {
  boolean: 'BOOLEAN',
  tinyint: 'LONG',
  smallint: 'LONG',
  int: 'LONG',
  integer: 'LONG',
  bigint: 'LONG',
  timestamp: 'LONG',
  float: 'DOUBLE',
  double: 'DOUBLE',
  decimal: 'DECIMAL',
  date: 'DATE',
  string: 'STRING',
  varchar: 'STRING',
  char: 'STRING',
  binary: 'BINARY',
};

/** The statistics type a column of this Hive type takes, or undefined for types that take none. */
export function statisticsTypeFor(hiveType: string): ColumnStatisticsType | undefined {
  const base = hiveType
    .trim()
    .toLowerCase()
    .replace(/\s*\(.*$/s, '');
  return STATISTICS_TYPE_OF_HIVE_TYPE[base];
}

/** Throw InvalidInputException if `stats` cannot be stored for one of `columns` (`owner` names them). */
export function checkStatistics(columns: readonly Column[], stats: ColumnStatistics, owner: string): void {
  const name = stats.ColumnName ?? '';
  const column = columns.find((c) => foldName(c.Name ?? '') === foldName(name));
  if (!column) throw errors.invalidInput(`Column ${name} does not exist in ${owner}.`);
  const data: Partial<ColumnStatisticsData> = stats.StatisticsData ?? {};
  const type = data.Type;
  const member = type === undefined ? undefined : STATISTICS_MEMBER[type];
  if (type === undefined || member === undefined) {
    throw errors.invalidInput(`Column ${name}: unknown statistics type ${String(type)}.`);
  }
  if (data[member] === undefined) {
    throw errors.invalidInput(`Column ${name}: statistics of type ${type} must carry ${member}.`);
  }
  const others = Object.values(STATISTICS_MEMBER).filter((m) => m !== member && data[m] !== undefined);
  if (others.length > 0) {
    throw errors.invalidInput(`Column ${name}: statistics of type ${type} must not carry ${others.join(', ')}.`);
  }
  if (column.Type) {
    const expected = statisticsTypeFor(column.Type);
    if (expected === undefined) {
      throw errors.invalidInput(`Column ${name} of type ${column.Type} does not take statistics.`);
    }
    if (expected !== type) {
      throw errors.invalidInput(`Column ${name} of type ${column.Type} takes ${expected} statistics, not ${type}.`);
    }
  }
  checkConsistent(name, data);
}

function checkConsistent(name: string, data: Partial<ColumnStatisticsData>): void {
  const byNumber = (a: number, b: number) => a - b;
  const { LongColumnStatisticsData: long, DoubleColumnStatisticsData: double } = data;
  const { DateColumnStatisticsData: date, DecimalColumnStatisticsData: decimal } = data;
  if (long) assertOrdered(name, long.MinimumValue, long.MaximumValue, byNumber);
  if (double) assertOrdered(name, double.MinimumValue, double.MaximumValue, byNumber);
  if (date) assertOrdered(name, date.MinimumValue, date.MaximumValue, (a, b) => millis(a) - millis(b));
  if (decimal) assertOrdered(name, decimal.MinimumValue, decimal.MaximumValue, compareDecimals);
  for (const lengths of [data.StringColumnStatisticsData, data.BinaryColumnStatisticsData]) {
    if (lengths && (lengths.AverageLength ?? 0) > (lengths.MaximumLength ?? Number.POSITIVE_INFINITY)) {
      throw errors.invalidInput(`Column ${name}: AverageLength is greater than MaximumLength.`);
    }
  }
}

function assertOrdered<T>(name: string, min: T | undefined, max: T | undefined, compare: (a: T, b: T) => number) {
  if (min === undefined || max === undefined || compare(min, max) <= 0) return;
  throw errors.invalidInput(`Column ${name}: MinimumValue is greater than MaximumValue.`);
}

function millis(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value * 1000;
  return new Date(String(value)).getTime();
}

interface DecimalLike {
  UnscaledValue?: unknown;
  Scale?: number;
}

/** Compare two DecimalNumbers: unscaled big-endian two's complement integers over 10^Scale. */
export function compareDecimals(a: DecimalLike, b: DecimalLike): number {
  const sa = a.Scale ?? 0;
  const sb = b.Scale ?? 0;
  const scale = Math.max(sa, sb);
  const x = unscaled(a.UnscaledValue) * 10n ** BigInt(scale - sa);
  const y = unscaled(b.UnscaledValue) * 10n ** BigInt(scale - sb);
  return x < y ? -1 : x > y ? 1 : 0;
}

function unscaled(value: unknown): bigint {
  const bytes =
    value instanceof Uint8Array ? value : typeof value === 'string' ? Buffer.from(value, 'base64') : new Uint8Array();
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  const first = bytes[0];
  if (first !== undefined && first & 0x80) n -= 1n << BigInt(8 * bytes.length);
  return n;
}
