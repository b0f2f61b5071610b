/**
 * Result columns: Athena's ColumnInfo for each DuckDB result type, and the SQL expression that renders a
 * value as Athena's text (what GetQueryResults returns as VarCharValue and the result CSV holds), so the
 * result file is written by DuckDB itself, never row by row in JavaScript.
 */
import type { ColumnInfo } from '@aws-sdk/client-athena';
import {
  type DuckDBDecimalType,
  type DuckDBListType,
  type DuckDBMapType,
  type DuckDBStructType,
  type DuckDBType,
  DuckDBTypeId,
} from '@duckdb/node-api';
import { quoteString } from './hive-types.js';

/** Athena type name and precision/scale for a DuckDB type. */
export function athenaType(type: DuckDBType): { name: string; precision: number; scale: number } {
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR:
      // json_extract and friends return DuckDB's JSON, a VARCHAR with an alias; Trino calls that type json.
      if (type.alias === 'JSON') return { name: 'json', precision: 0, scale: 0 };
      return { name: 'varchar', precision: 2147483647, scale: 0 };
    case DuckDBTypeId.BOOLEAN:
      return { name: 'boolean', precision: 0, scale: 0 };
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.UTINYINT:
      return { name: 'tinyint', precision: 3, scale: 0 };
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.USMALLINT:
      return { name: 'smallint', precision: 5, scale: 0 };
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UINTEGER:
      return { name: 'integer', precision: 10, scale: 0 };
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    // DuckDB's sum() of integers and count_if() are HUGEINT; Trino's are bigint. The value is rendered
    // through a cast to BIGINT (see `renderSql`), so one past bigint's range fails as it does in Trino.
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return { name: 'bigint', precision: 19, scale: 0 };
    case DuckDBTypeId.FLOAT:
      return { name: 'float', precision: 17, scale: 0 };
    case DuckDBTypeId.DOUBLE:
      return { name: 'double', precision: 17, scale: 0 };
    case DuckDBTypeId.DECIMAL: {
      const d = type as DuckDBDecimalType;
      return { name: 'decimal', precision: d.width, scale: d.scale };
    }
    case DuckDBTypeId.DATE:
      return { name: 'date', precision: 0, scale: 0 };
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return { name: 'timestamp', precision: 3, scale: 0 };
    case DuckDBTypeId.TIMESTAMP_TZ:
      return { name: 'timestamp with time zone', precision: 3, scale: 0 };
    case DuckDBTypeId.TIME:
      return { name: 'time', precision: 3, scale: 0 };
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return { name: 'array', precision: 0, scale: 0 };
    case DuckDBTypeId.MAP:
      return { name: 'map', precision: 0, scale: 0 };
    case DuckDBTypeId.STRUCT:
      return { name: 'row', precision: 0, scale: 0 };
    case DuckDBTypeId.BLOB:
      return { name: 'varbinary', precision: 2147483647, scale: 0 };
    case DuckDBTypeId.INTERVAL:
      return { name: 'interval day to second', precision: 0, scale: 0 };
    case DuckDBTypeId.UUID:
      return { name: 'uuid', precision: 0, scale: 0 };
    case DuckDBTypeId.SQLNULL:
      return { name: 'unknown', precision: 0, scale: 0 };
    default:
      return { name: 'varchar', precision: 2147483647, scale: 0 };
  }
}

/** ColumnInfo as Athena reports it for a query result column. */
export function columnInfo(name: string, type: DuckDBType): ColumnInfo {
  const t = athenaType(type);
  return {
    CatalogName: 'hive',
    SchemaName: '',
    TableName: '',
    Name: name,
    Label: name,
    Type: t.name,
    Precision: t.precision,
    Scale: t.scale,
    Nullable: 'UNKNOWN',
    CaseSensitive: t.name === 'varchar' || t.name === 'char',
  };
}

const TIMESTAMP_FORMAT = "'%Y-%m-%d %H:%M:%S.%g'";

/**
 * SQL rendering `expr` (of `type`) as Athena prints it; NULL stays NULL. A TIMESTAMP WITH TIME ZONE is shown
 * in `zone` when the query names one (`output-names.ts` `outputZones`), else in UTC.
 */
export function renderSql(expr: string, type: DuckDBType, zone?: { duck: string; label: string }): string {
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR:
      return expr;
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return `CAST(CAST(${expr} AS BIGINT) AS VARCHAR)`;
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.FLOAT:
      return `lb_render_number(${expr}, CAST(${expr} AS VARCHAR))`;
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return `strftime(${expr}, ${TIMESTAMP_FORMAT})`;
    case DuckDBTypeId.TIMESTAMP_TZ:
      if (zone === undefined) return `strftime(${expr}, ${TIMESTAMP_FORMAT}) || ' UTC'`;
      return `strftime(timezone(${quoteString(zone.duck)}, ${expr}), ${TIMESTAMP_FORMAT}) || ${quoteString(` ${zone.label}`)}`;
    case DuckDBTypeId.BLOB:
      return `rtrim(regexp_replace(lower(hex(${expr})), '(..)', '\\1 ', 'g'))`;
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY: {
      const inner = (type as DuckDBListType).valueType;
      return `'[' || array_to_string(list_transform(${expr}, lambda lb_e: ${nullText(renderSql('lb_e', inner))}), ', ') || ']'`;
    }
    case DuckDBTypeId.MAP: {
      const m = type as DuckDBMapType;
      const entry = `${nullText(renderSql('lb_kv.key', m.keyType))} || '=' || ${nullText(renderSql('lb_kv.value', m.valueType))}`;
      return `'{' || array_to_string(list_transform(map_entries(${expr}), lambda lb_kv: ${entry}), ', ') || '}'`;
    }
    case DuckDBTypeId.STRUCT: {
      const s = type as DuckDBStructType;
      const fields = s.entryNames.map((n, i) => {
        const ft = s.entryTypes[i];
        const field = `struct_extract_at(${expr}, ${i + 1})`;
        const label = n === '' || /^v\d+$/.test(n) ? `field${i}` : n;
        return `${quoteString(`${label}=`)} || ${ft ? nullText(renderSql(field, ft)) : "'null'"}`;
      });
      const body = fields.length > 0 ? fields.join(` || ', ' || `) : "''";
      return `CASE WHEN ${expr} IS NULL THEN NULL ELSE '{' || ${body} || '}' END`;
    }
    default:
      return `CAST(${expr} AS VARCHAR)`;
  }
}

/** Inside arrays, maps and rows a NULL prints as `null`. */
function nullText(sql: string): string {
  return `coalesce(${sql}, 'null')`;
}

/**
 * Macros the rendering needs. Trino prints doubles and reals as Java does: plain decimal notation for
 * magnitudes in [1e-3, 1e7), else `d.dddE±n`, with the shortest digits that read back to the same value
 * (which is what DuckDB prints too, only laid out differently).
 */
export const RENDER_MACROS: readonly string[] = [
  // Defined callee first: a macro can only call macros that exist.
  `CREATE MACRO lb_sci_out(sign, d, e) AS sign || left(d, 1) || '.' ||
     coalesce(nullif(rtrim(substr(d, 2), '0'), ''), '0') || 'E' || CAST(e AS VARCHAR)`,
  `CREATE MACRO lb_sci_digits(sign, d, e) AS lb_sci_out(sign, ltrim(d, '0'), e - (length(d) - length(ltrim(d, '0'))))`,
  `CREATE MACRO lb_sci_parts(sign, m, e) AS lb_sci_digits(sign, replace(m, '.', ''),
     e + CASE WHEN contains(m, '.') THEN strpos(m, '.') - 1 ELSE length(m) END - 1)`,
  `CREATE MACRO lb_sci(sign, a) AS lb_sci_parts(sign, regexp_replace(a, '[eE].*$', ''),
     CAST(coalesce(nullif(regexp_extract(a, '[eE]([-+]?[0-9]+)$', 1), ''), '0') AS INTEGER))`,
  `CREATE MACRO lb_render_number(x, t) AS CASE
     WHEN x IS NULL THEN NULL
     WHEN isnan(x) THEN 'NaN'
     WHEN isinf(x) THEN CASE WHEN x > 0 THEN 'Infinity' ELSE '-Infinity' END
     WHEN x = 0 THEN CASE WHEN starts_with(t, '-') THEN '-0.0' ELSE '0.0' END
     WHEN abs(x) >= 1e-3 AND abs(x) < 1e7 THEN CASE
       WHEN contains(t, 'e') THEN rtrim(CAST(CAST(x AS DECIMAL(38, 18)) AS VARCHAR), '0')
       WHEN contains(t, '.') THEN t
       ELSE t || '.0' END
     ELSE lb_sci(CASE WHEN starts_with(t, '-') THEN '-' ELSE '' END, ltrim(t, '-')) END`,
];
