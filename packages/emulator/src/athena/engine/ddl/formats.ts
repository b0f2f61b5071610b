/**
 * `STORED AS` / `ROW FORMAT` as the SerDe and input/output formats Athena writes into the Glue table, and
 * back (for SHOW CREATE TABLE). The class names are Hive's, as Athena's Hive DDL stores them.
 */
import type { SerDeInfo, StorageDescriptor } from '@aws-sdk/client-glue';
import { userError } from '../errors.js';
import type { RowFormat, StoredAs } from './parse.js';

const TEXT_INPUT = 'org.apache.hadoop.mapred.TextInputFormat';
const TEXT_OUTPUT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';
export const LAZY_SIMPLE = 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe';
export const PARQUET_SERDE = 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe';
export const JSON_SERDE = 'org.openx.data.jsonserde.JsonSerDe';

interface Format {
  serde: string;
  input: string;
  output: string;
}

/** `STORED AS <name>` → the classes Hive (and so Athena) registers. */
export const NAMED_FORMATS: Readonly<Record<string, Format>> = {
  PARQUET: {
    serde: PARQUET_SERDE,
    input: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  },
  ORC: {
    serde: 'org.apache.hadoop.hive.ql.io.orc.OrcSerde',
    input: 'org.apache.hadoop.hive.ql.io.orc.OrcInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat',
  },
  AVRO: {
    serde: 'org.apache.hadoop.hive.serde2.avro.AvroSerDe',
    input: 'org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat',
  },
  TEXTFILE: { serde: LAZY_SIMPLE, input: TEXT_INPUT, output: TEXT_OUTPUT },
  SEQUENCEFILE: {
    serde: LAZY_SIMPLE,
    input: 'org.apache.hadoop.mapred.SequenceFileInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.HiveSequenceFileOutputFormat',
  },
  RCFILE: {
    serde: 'org.apache.hadoop.hive.serde2.columnar.LazyBinaryColumnarSerDe',
    input: 'org.apache.hadoop.hive.ql.io.RCFileInputFormat',
    output: 'org.apache.hadoop.hive.ql.io.RCFileOutputFormat',
  },
  ION: {
    serde: 'com.amazon.ionhiveserde.IonHiveSerDe',
    input: 'com.amazon.ionhiveserde.formats.IonInputFormat',
    output: 'com.amazon.ionhiveserde.formats.IonOutputFormat',
  },
};

/** The part of the StorageDescriptor the row format and storage format decide. */
export function storageFormat(
  rowFormat: RowFormat | undefined,
  storedAs: StoredAs | undefined,
): Pick<StorageDescriptor, 'InputFormat' | 'OutputFormat' | 'SerdeInfo'> {
  let named: Format | undefined;
  if (storedAs?.kind === 'named') {
    named = NAMED_FORMATS[storedAs.format];
    if (!named) throw userError('NOT_SUPPORTED', `Unknown file format: ${storedAs.format}`);
  }
  const input = storedAs?.kind === 'formats' ? storedAs.input : (named ?? NAMED_FORMATS['TEXTFILE'])?.input;
  const output = storedAs?.kind === 'formats' ? storedAs.output : (named ?? NAMED_FORMATS['TEXTFILE'])?.output;
  let serde: SerDeInfo;
  if (rowFormat?.kind === 'serde') {
    serde = { SerializationLibrary: rowFormat.library, Parameters: { ...rowFormat.properties } };
    if (serde.Parameters && !('serialization.format' in serde.Parameters) && rowFormat.library === LAZY_SIMPLE) {
      serde.Parameters['serialization.format'] = '1';
    }
  } else if (rowFormat?.kind === 'delimited') {
    const p: Record<string, string> = {};
    if (rowFormat.fields !== undefined) p['field.delim'] = rowFormat.fields;
    if (rowFormat.escape !== undefined) p['escape.delim'] = rowFormat.escape;
    if (rowFormat.collection !== undefined) p['collection.delim'] = rowFormat.collection;
    if (rowFormat.mapKeys !== undefined) p['mapkey.delim'] = rowFormat.mapKeys;
    if (rowFormat.lines !== undefined) p['line.delim'] = rowFormat.lines;
    if (rowFormat.nullAs !== undefined) p['serialization.null.format'] = rowFormat.nullAs;
    p['serialization.format'] = rowFormat.fields ?? '1';
    Object.assign(p, rowFormat.properties);
    serde = { SerializationLibrary: LAZY_SIMPLE, Parameters: p };
  } else {
    serde = { SerializationLibrary: named?.serde ?? LAZY_SIMPLE, Parameters: { 'serialization.format': '1' } };
  }
  return { InputFormat: input, OutputFormat: output, SerdeInfo: serde };
}

/** The delimiter parameters Hive's SHOW CREATE TABLE prints as `ROW FORMAT DELIMITED` clauses, in its order. */
const DELIMITERS: ReadonlyArray<[string, string]> = [
  ['field.delim', 'FIELDS TERMINATED BY'],
  ['collection.delim', 'COLLECTION ITEMS TERMINATED BY'],
  ['mapkey.delim', 'MAP KEYS TERMINATED BY'],
  ['line.delim', 'LINES TERMINATED BY'],
  ['serialization.null.format', 'NULL DEFINED AS'],
];

/**
 * Hive's `escapeHiveCommand(StringEscapeUtils.escapeJava(s))`, the text SHOW CREATE TABLE prints for a
 * delimiter: `\t`, `\n`, `\u0001`, `\\`, `\"`, `\;`; except `'`, doubled (Hive's `\'`, which a Trino-style
 * string cannot hold).
 */
function escapeDelimiter(text: string): string {
  const named: Record<string, string> = { '\b': 'b', '\t': 't', '\n': 'n', '\r': 'r', '"': '"', '\\': '\\' };
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (named[ch] !== undefined) out += `\\${named[ch]}`;
    else if (ch === "'") out += "''";
    else if (ch === ';') out += '\\;';
    else if (code < 0x20 || (code > 0x7f && code <= 0xffff))
      out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

/**
 * A LazySimpleSerDe table with delimiters: Hive's `ROW FORMAT DELIMITED` lines, as Athena prints them, and the
 * parameters left for `WITH SERDEPROPERTIES`. `serialization.format` is left out when recreating the table
 * from the clauses gives it back (`storageFormat`); `escape.delim` is printed as `ESCAPED BY` after the field
 * delimiter (Hive prints it among the SerDe properties), so the text recreates the same table.
 */
function delimitedClauses(params: Record<string, string>): { lines: string[]; rest: [string, string][] } | undefined {
  if (!DELIMITERS.some(([key]) => params[key] !== undefined)) return undefined;
  const lines = ['ROW FORMAT DELIMITED '];
  const rest = { ...params };
  for (const [key, clause] of DELIMITERS) {
    const value = rest[key];
    if (value === undefined) continue;
    delete rest[key];
    let line = `  ${clause} '${escapeDelimiter(value)}'`;
    const escapedBy = rest['escape.delim'];
    if (key === 'field.delim' && escapedBy !== undefined) {
      line += ` ESCAPED BY '${escapeDelimiter(escapedBy)}'`;
      delete rest['escape.delim'];
    }
    lines.push(`${line} `);
  }
  if (rest['serialization.format'] === (params['field.delim'] ?? '1')) delete rest['serialization.format'];
  return { lines, rest: Object.entries(rest) };
}

/** The `ROW FORMAT ... STORED AS ...` clauses that recreate a StorageDescriptor (SHOW CREATE TABLE). */
export function formatClauses(sd: StorageDescriptor | undefined): string[] {
  const serde = sd?.SerdeInfo?.SerializationLibrary ?? '';
  const params = sd?.SerdeInfo?.Parameters ?? {};
  const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
  const delimited = serde === LAZY_SIMPLE ? delimitedClauses(params) : undefined;
  const lines = delimited?.lines ?? [`ROW FORMAT SERDE `, `  ${q(serde)} `];
  // `serialization.format` = '1' is what recreating a Parquet or LazySimpleSerDe table gives back (Hive never
  // prints it).
  const implied = (k: string, v: string) =>
    k === 'serialization.format' && (serde === PARQUET_SERDE || (serde === LAZY_SIMPLE && v === '1'));
  const shown = delimited?.rest ?? Object.entries(params).filter(([k, v]) => !implied(k, v));
  if (shown.length > 0 && serde !== PARQUET_SERDE) {
    lines.push('WITH SERDEPROPERTIES ( ');
    lines.push(`${shown.map(([k, v]) => `  ${q(k)}=${q(v)}`).join(', \n')}) `);
  }
  lines.push(
    'STORED AS INPUTFORMAT ',
    `  ${q(sd?.InputFormat ?? '')} `,
    'OUTPUTFORMAT ',
    `  ${q(sd?.OutputFormat ?? '')}`,
  );
  return lines;
}
