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
  if (m && !OPERATOR.test(m[1] ?? '')) {
    const types = (m[2] ?? '').split(',').map((t) => trinoTypeName(t.trim()));
    return userError('TYPE_MISMATCH', `Unexpected parameters (${types.join(', ')}) for function ${m[1]}`, at(m[1]));
  }
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
  const analysis = analysisError(first, ctx, at);
  if (analysis) return analysis;
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

const OPERATOR = /^[-+*/%<>=!|]+$/;

/** DuckDB's binder errors that Trino's analyzer also reports, in Trino's words. */
function analysisError(
  first: string,
  ctx: ErrorContext,
  at: (name: string | undefined) => { line: number; column: number } | undefined,
): EngineError | undefined {
  let m = /column "([^"]+)" must appear in the GROUP BY clause/.exec(first);
  if (m) {
    const name = m[1] ?? '';
    return userError(
      'EXPRESSION_NOT_AGGREGATE',
      `'${name}' must be an aggregate expression or appear in GROUP BY clause`,
      at(name),
    );
  }
  m = /^Binder Error: (GROUP BY|WHERE|HAVING) clause cannot contain (aggregates|window functions)/.exec(first);
  if (m) {
    return userError(
      'EXPRESSION_NOT_SCALAR',
      `${m[1]} clause cannot contain aggregations, window functions or grouping operations`,
    );
  }
  m = /Ambiguous reference to column name "([^"]+)"/.exec(first);
  if (m) return userError('AMBIGUOUS_NAME', `Column '${m[1]}' is ambiguous`, at(m[1]));
  if (/ORDER term out of range/.test(first)) {
    // The position is the first ORDER BY number past the select list.
    const limit = Number(/between 1 and (\d+)/.exec(first)?.[1] ?? '0');
    const i = ctx.tokens.findIndex(
      (t, k) =>
        t.kind === 'number' && Number(t.text) > limit && ctx.tokens.slice(0, k).some((p) => /^order$/i.test(p.text)),
    );
    const token = ctx.tokens[i];
    if (token) {
      return userError(
        'INVALID_COLUMN_REFERENCE',
        `ORDER BY position ${token.text} is not in select list`,
        lineColumn(ctx.sql, token.start),
      );
    }
  }
  m =
    /function call "([^"(]+)\((.*)\)"/.exec(first) ??
    /No function matches the given name and argument types '([^(]+)\((.*)\)'/.exec(first);
  if (m && OPERATOR.test(m[1] ?? '')) {
    const types = (m[2] ?? '').split(',').map((t) => trinoTypeName(t.trim()));
    const text = types.length === 2 ? `${types[0]} ${m[1]} ${types[1]}` : `${m[1]}${types[0]}`;
    return userError('TYPE_MISMATCH', `Cannot apply operator: ${text}`);
  }
  if (m) {
    const types = (m[2] ?? '').split(',').map((t) => trinoTypeName(t.trim()));
    return userError('TYPE_MISMATCH', `Unexpected parameters (${types.join(', ')}) for function ${m[1]}`, at(m[1]));
  }
  return undefined;
}

/** A DuckDB type name in an error as Trino writes the type. */
function trinoTypeName(duck: string): string {
  const names: Record<string, string> = {
    INTEGER_LITERAL: 'integer',
    STRING_LITERAL: 'varchar',
    VARCHAR: 'varchar',
    INTEGER: 'integer',
    BIGINT: 'bigint',
    SMALLINT: 'smallint',
    TINYINT: 'tinyint',
    DOUBLE: 'double',
    FLOAT: 'real',
    BOOLEAN: 'boolean',
    DATE: 'date',
    TIMESTAMP: 'timestamp(3)',
    'TIMESTAMP WITH TIME ZONE': 'timestamp(3) with time zone',
    BLOB: 'varbinary',
  };
  return names[duck] ?? duck.toLowerCase();
}
