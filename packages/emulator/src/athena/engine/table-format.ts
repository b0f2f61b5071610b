/**
 * Which reader a Glue table (or partition) needs, decided from its StorageDescriptor the way Athena's
 * Hive connector decides: the SerDe library first, then the input format.
 */
import type { StorageDescriptor } from '@aws-sdk/client-glue';
import { userError } from './errors.js';

export type TableFormat =
  | { kind: 'parquet' }
  | { kind: 'json' }
  | {
      kind: 'csv';
      delim: string;
      quote: string;
      escape: string;
      /** The text that reads as NULL, or undefined when no unquoted text does (OpenCSVSerde). */
      nullText: string | undefined;
      /**
       * OpenCSVSerde: a doubled quote character inside a field is one quote even when the escape character is
       * another one (DuckDB reads only the escape character as an escape, and keeps both quotes).
       */
      doubledQuote?: string;
      /** OpenCSVSerde: DATE columns hold days since 1970-01-01 and TIMESTAMP columns epoch milliseconds. */
      epochNumbers?: boolean;
    };

const HIVE_DEFAULT_DELIM = '\u0001';

/** The reader for a storage descriptor; throws HIVE_UNSUPPORTED_FORMAT for ORC, Avro, Ion, RegEx and the unknown. */
export function tableFormat(sd: StorageDescriptor | undefined): TableFormat {
  const serde = (sd?.SerdeInfo?.SerializationLibrary ?? '').toLowerCase();
  const input = (sd?.InputFormat ?? '').toLowerCase();
  const params = sd?.SerdeInfo?.Parameters ?? {};
  if (serde) {
    if (serde.includes('parquet')) return { kind: 'parquet' };
    if (serde.includes('jsonserde')) return { kind: 'json' };
    if (serde.includes('opencsvserde')) return openCsv(params);
    if (serde.includes('lazysimpleserde')) return lazySimple(params);
    throw unsupported(sd?.SerdeInfo?.SerializationLibrary ?? serde);
  }
  if (input.includes('parquet')) return { kind: 'parquet' };
  if (input.includes('textinputformat')) return lazySimple(params);
  throw unsupported(sd?.InputFormat ?? 'unknown');
}

function unsupported(what: string) {
  return userError(
    'HIVE_UNSUPPORTED_FORMAT',
    `Unable to read data in format ${what}: lakebox reads Parquet, CSV/TSV text and JSON`,
  );
}

function lazySimple(params: Record<string, string>): TableFormat {
  let delim = params['field.delim'];
  if (delim === undefined) {
    const format = params['serialization.format'];
    // `serialization.format` = '1' is Hive's way of saying "the default delimiter".
    delim = format !== undefined && format.length === 1 && !/[0-9]/.test(format) ? format : HIVE_DEFAULT_DELIM;
  }
  return {
    kind: 'csv',
    delim: delim === '' ? HIVE_DEFAULT_DELIM : delim,
    quote: '',
    escape: params['escape.delim'] ?? '',
    nullText: params['serialization.null.format'] ?? '\\N',
  };
}

/**
 * OpenCSVSerde (opencsv's CSVParser): the escape character (default a backslash) makes the next character
 * literal and is itself dropped (`\"` is `"`, `\\` is `\`, `\n` is `n`), in quoted and unquoted fields alike;
 * a doubled quote character is one quote too. DuckDB does the first; the second is done on the values.
 */
function openCsv(params: Record<string, string>): TableFormat {
  const quote = params['quoteChar'] ?? '"';
  const escapeChar = params['escapeChar'] ?? '\\';
  return {
    kind: 'csv',
    delim: params['separatorChar'] ?? ',',
    quote,
    escape: escapeChar,
    nullText: undefined,
    ...(quote !== '' && escapeChar !== quote ? { doubledQuote: quote } : {}),
    epochNumbers: true,
  };
}
