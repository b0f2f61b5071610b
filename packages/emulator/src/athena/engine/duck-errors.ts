/**
 * DuckDB failures as Athena reports the Trino equivalents. DuckDB's own positions refer to the rewritten
 * SQL, so positions are found again in the user's text by the name the error is about.
 */
import { EngineError, internalError, lineColumn, userError } from './errors.js';
import { findIdentifier, type Token } from './tokens.js';

export interface ErrorContext {
  sql: string;
  tokens: readonly Token[];
  rootDir: string;
}

export function fromDuckError(error: unknown, ctx: ErrorContext): EngineError {
  if (error instanceof EngineError) return error;
  const full = error instanceof Error ? error.message : String(error);
  const first = (full.split('\n')[0] ?? '').trim();
  const at = (name: string | undefined) => {
    if (name === undefined) return undefined;
    const offset = findIdentifier(ctx.tokens, name);
    return offset === undefined ? undefined : lineColumn(ctx.sql, offset);
  };
  const ours = /\b([A-Z_]+): (.*)$/.exec(first);
  if (ours && (ours[1] === 'DIVISION_BY_ZERO' || ours[1] === 'INVALID_FUNCTION_ARGUMENT')) {
    return userError(ours[1], ours[2] ?? '');
  }
  if (full.includes(ctx.rootDir)) {
    const text = first.replace(/^[A-Za-z ]+Error: /, '').replaceAll(`${ctx.rootDir}/s3/`, 's3://');
    return userError('HIVE_BAD_DATA', text);
  }
  let m = /Referenced column "([^"]+)" not found/.exec(first) ?? /column "([^"]+)" not found/i.exec(first);
  if (m) return userError('COLUMN_NOT_FOUND', `Column '${m[1]}' cannot be resolved`, at(m[1]));
  m = /Referenced table "([^"]+)" not found/.exec(first);
  if (m) return userError('COLUMN_NOT_FOUND', `Column '${m[1]}' cannot be resolved`, at(m[1]));
  m = /(?:Scalar|Aggregate|Table) Function with name "?([^" ]+)"? does not exist/.exec(first);
  if (m) return userError('FUNCTION_NOT_FOUND', `Function '${m[1]}' not registered`, at(m[1]));
  m = /No function matches the given name and argument types '([^(]+)\((.*)\)'/.exec(first);
  if (m) return userError('TYPE_MISMATCH', `Unexpected parameters (${m[2]}) for function ${m[1]}`, at(m[1]));
  // A HUGEINT (DuckDB's sum() of integers, count_if()) past bigint's range, cast to BIGINT for the result.
  m =
    /^Conversion Error: Type U?INT128 with value (-?\d+) can't be cast because the value is out of range for the destination type INT64/.exec(
      first,
    );
  if (m) return userError('NUMERIC_VALUE_OUT_OF_RANGE', `bigint overflow: ${m[1]} is out of range for bigint`);
  if (/^Conversion Error/.test(first)) return userError('INVALID_CAST_ARGUMENT', strip(first));
  if (/^Out of Range Error/.test(first)) return userError('NUMERIC_VALUE_OUT_OF_RANGE', strip(first));
  if (/^Parser Error/.test(first)) return userError('SYNTAX_ERROR', strip(first));
  if (/^Permission Error/.test(first)) return userError('PERMISSION_DENIED', strip(first));
  if (/interrupt/i.test(first)) return userError('USER_CANCELED', 'Query was canceled by user');
  if (/^(Binder|Catalog) Error/.test(first)) return userError('SYNTAX_ERROR', strip(first));
  if (/^Invalid Input Error/.test(first)) return userError('INVALID_FUNCTION_ARGUMENT', strip(first));
  if (/^(INTERNAL|Fatal)/i.test(first)) return internalError(strip(first));
  // Anything that is not a DuckDB error about the query is lakebox's own failure.
  if (!/^[A-Za-z ]*Error: /.test(first) || error instanceof TypeError || error instanceof RangeError) {
    return internalError(first);
  }
  return userError('GENERIC_USER_ERROR', strip(first));
}

function strip(message: string): string {
  return message.replace(/^[A-Za-z ]+Error: /, '');
}
