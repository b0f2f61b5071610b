/**
 * Athena-style query failures. Athena reports a failed query with an `AthenaError` carrying an
 * `ErrorCategory` (1 system, 2 user, 3 other) and an `ErrorType` code from its error catalog, and a
 * `StateChangeReason` whose text starts with the Trino error name, e.g.
 * `TABLE_NOT_FOUND: line 1:15: Table 'awsdatacatalog.db.x' does not exist`.
 */
export class EngineError extends Error {
  constructor(
    readonly errorCategory: 1 | 2 | 3,
    readonly errorType: number,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/**
 * Trino error names lakebox reports, with the Athena `ErrorType` of each. The Athena error catalog
 * (Athena user guide, "Athena error catalog") documents 1000 "User error", 1001/1002 "Data error",
 * 1003 "DDL task failed", 200 "Query engine had an internal error"; finer codes per Trino error name
 * are not documented, so user errors in the query text report 1000 and bad data reports 1001.
 */
export const ErrorTypes = {
  GENERIC_USER_ERROR: 1000,
  SYNTAX_ERROR: 1000,
  NOT_SUPPORTED: 1000,
  TABLE_NOT_FOUND: 1000,
  SCHEMA_NOT_FOUND: 1000,
  CATALOG_NOT_FOUND: 1000,
  COLUMN_NOT_FOUND: 1000,
  FUNCTION_NOT_FOUND: 1000,
  TYPE_MISMATCH: 1000,
  DIVISION_BY_ZERO: 1000,
  INVALID_FUNCTION_ARGUMENT: 1000,
  INVALID_CAST_ARGUMENT: 1000,
  PERMISSION_DENIED: 1000,
  USER_CANCELED: 1000,
  NUMERIC_VALUE_OUT_OF_RANGE: 1000,
  EXPRESSION_NOT_AGGREGATE: 1000,
  EXPRESSION_NOT_SCALAR: 1000,
  INVALID_COLUMN_REFERENCE: 1000,
  AMBIGUOUS_NAME: 1000,
  HIVE_BAD_DATA: 1001,
  HIVE_UNSUPPORTED_FORMAT: 1001,
  GENERIC_INTERNAL_ERROR: 200,
} as const;

export type ErrorName = keyof typeof ErrorTypes;

/** A user error (category 2) named after its Trino error code: `NAME: line L:C: text` when a position is known. */
export function userError(name: ErrorName, text: string, at?: { line: number; column: number }): EngineError {
  const where = at ? `line ${at.line}:${at.column}: ` : '';
  return new EngineError(2, ErrorTypes[name], `${name}: ${where}${text}`);
}

/** An internal failure (category 1), for what lakebox itself got wrong. */
export function internalError(text: string): EngineError {
  return new EngineError(1, ErrorTypes.GENERIC_INTERNAL_ERROR, `GENERIC_INTERNAL_ERROR: ${text}`);
}

/** 1-based line and column of a character offset in `sql`, as Trino reports positions. */
export function lineColumn(sql: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  const end = Math.max(0, Math.min(offset, sql.length));
  for (let i = 0; i < end; i++) {
    if (sql.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: end - start + 1 };
}
