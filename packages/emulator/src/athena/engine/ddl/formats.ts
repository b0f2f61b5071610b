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
    serde = { SerializationLibrary: LAZY_SIMPLE, Parameters: p };
  } else {
    serde = { SerializationLibrary: named?.serde ?? LAZY_SIMPLE, Parameters: { 'serialization.format': '1' } };
  }
  return { InputFormat: input, OutputFormat: output, SerdeInfo: serde };
}

/** The `ROW FORMAT ... STORED AS ...` clauses that recreate a StorageDescriptor (SHOW CREATE TABLE). */
export function formatClauses(sd: StorageDescriptor | undefined): string[] {
  const serde = sd?.SerdeInfo?.SerializationLibrary ?? '';
  const params = sd?.SerdeInfo?.Parameters ?? {};
  const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
  const lines = [`ROW FORMAT SERDE `, `  ${q(serde)} `];
  const shown = Object.entries(params).filter(([k]) => k !== 'serialization.format' || serde !== PARQUET_SERDE);
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
