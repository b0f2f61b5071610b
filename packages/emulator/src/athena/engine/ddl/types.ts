/**
 * Query result types (DuckDB's) as the type names Athena writes into Glue: Hive names for table columns
 * (CTAS, view columns in the StorageDescriptor) and Trino names inside a Presto view's JSON.
 */
import {
  type DuckDBDecimalType,
  type DuckDBListType,
  type DuckDBMapType,
  type DuckDBStructType,
  type DuckDBType,
  DuckDBTypeId,
} from '@duckdb/node-api';
import { userError } from '../errors.js';

/** Hive type text for a Glue column, e.g. `int`, `string`, `array<struct<a:int>>`. */
export function hiveType(type: DuckDBType): string {
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR:
      return 'string';
    case DuckDBTypeId.BOOLEAN:
      return 'boolean';
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.UTINYINT:
      return 'tinyint';
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.USMALLINT:
      return 'smallint';
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UINTEGER:
      return 'int';
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return 'bigint';
    case DuckDBTypeId.FLOAT:
      return 'float';
    case DuckDBTypeId.DOUBLE:
      return 'double';
    case DuckDBTypeId.DECIMAL: {
      const d = type as DuckDBDecimalType;
      return `decimal(${d.width},${d.scale})`;
    }
    case DuckDBTypeId.DATE:
      return 'date';
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return 'timestamp';
    case DuckDBTypeId.BLOB:
      return 'binary';
    case DuckDBTypeId.LIST:
      return `array<${hiveType((type as DuckDBListType).valueType)}>`;
    case DuckDBTypeId.MAP: {
      const m = type as DuckDBMapType;
      return `map<${hiveType(m.keyType)},${hiveType(m.valueType)}>`;
    }
    case DuckDBTypeId.STRUCT: {
      const s = type as DuckDBStructType;
      return `struct<${s.entryNames.map((n, i) => `${n.toLowerCase()}:${hiveType(s.entryTypes[i] as DuckDBType)}`).join(',')}>`;
    }
    case DuckDBTypeId.SQLNULL:
      throw userError('NOT_SUPPORTED', 'Unsupported Hive type: unknown (a column of NULLs needs a CAST)');
    default:
      throw userError('NOT_SUPPORTED', `Unsupported Hive type: ${type.toString().toLowerCase()}`);
  }
}

/** Trino type text, as a Presto view's JSON records its columns, e.g. `integer`, `varchar`, `array(row(a integer))`. */
export function trinoType(type: DuckDBType): string {
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR:
      return 'varchar';
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UINTEGER:
      return 'integer';
    case DuckDBTypeId.FLOAT:
      return 'real';
    case DuckDBTypeId.BLOB:
      return 'varbinary';
    case DuckDBTypeId.TIMESTAMP_TZ:
      return 'timestamp(3) with time zone';
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return 'timestamp(3)';
    case DuckDBTypeId.LIST:
      return `array(${trinoType((type as DuckDBListType).valueType)})`;
    case DuckDBTypeId.MAP: {
      const m = type as DuckDBMapType;
      return `map(${trinoType(m.keyType)}, ${trinoType(m.valueType)})`;
    }
    case DuckDBTypeId.STRUCT: {
      const s = type as DuckDBStructType;
      return `row(${s.entryNames.map((n, i) => `${n} ${trinoType(s.entryTypes[i] as DuckDBType)}`).join(', ')})`;
    }
    case DuckDBTypeId.SQLNULL:
      return 'unknown';
    default:
      return hiveType(type);
  }
}
