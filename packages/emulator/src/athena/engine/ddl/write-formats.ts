/**
 * How CTAS and INSERT INTO write files: DuckDB COPY options per format (Parquet, text, JSON) and compression,
 * and the SerDe / input and output formats a CTAS table gets in Glue (those Athena's CTAS registers).
 */
import type { StorageDescriptor, Table } from '@aws-sdk/client-glue';
import { userError } from '../errors.js';
import { quoteString } from '../hive-types.js';
import { tableFormat } from '../table-format.js';
import { namedError } from './catalog.js';
import { JSON_SERDE, LAZY_SIMPLE, NAMED_FORMATS } from './formats.js';

/** DuckDB COPY options and the file extension of the files written. */
export interface WriteFormat {
  copyOptions: string;
  extension: string;
}

const COMPRESSIONS: Readonly<Record<string, { duck: string; extension: string }>> = {
  SNAPPY: { duck: 'snappy', extension: 'snappy' },
  GZIP: { duck: 'gzip', extension: 'gz' },
  ZSTD: { duck: 'zstd', extension: 'zst' },
  NONE: { duck: 'uncompressed', extension: '' },
  UNCOMPRESSED: { duck: 'uncompressed', extension: '' },
};

function compressionOf(name: string): { duck: string; extension: string } {
  const c = COMPRESSIONS[name];
  if (!c) throw namedError('INVALID_TABLE_PROPERTY', `Unsupported write_compression: ${name}`);
  return c;
}

function textWrite(delimiter: string, compression: string): WriteFormat {
  const c = compressionOf(compression);
  if (c.duck === 'snappy') throw namedError('INVALID_TABLE_PROPERTY', 'SNAPPY is not supported for TEXTFILE');
  const duck = c.duck === 'uncompressed' ? 'none' : c.duck;
  return {
    copyOptions: `FORMAT csv, HEADER false, DELIMITER ${quoteString(delimiter)}, QUOTE '', ESCAPE '', NULL '\\N', COMPRESSION ${quoteString(duck)}`,
    extension: c.extension || 'txt',
  };
}

function jsonWrite(compression: string): WriteFormat {
  const c = compressionOf(compression);
  if (c.duck === 'snappy') throw namedError('INVALID_TABLE_PROPERTY', 'SNAPPY is not supported for JSON');
  const duck = c.duck === 'uncompressed' ? 'none' : c.duck;
  return { copyOptions: `FORMAT json, COMPRESSION ${quoteString(duck)}`, extension: c.extension || 'json' };
}

function parquetWrite(compression: string): WriteFormat {
  return { copyOptions: `FORMAT parquet, COMPRESSION ${compressionOf(compression).duck}`, extension: 'parquet' };
}

export function ctasStorage(
  format: string,
  compression: string,
  delimiter: string,
): { sd: Pick<StorageDescriptor, 'InputFormat' | 'OutputFormat' | 'SerdeInfo'>; write: WriteFormat } {
  const text = NAMED_FORMATS['TEXTFILE'];
  if (format === 'PARQUET') {
    const p = NAMED_FORMATS['PARQUET'];
    return {
      sd: {
        InputFormat: p?.input,
        OutputFormat: p?.output,
        SerdeInfo: { SerializationLibrary: p?.serde, Parameters: { 'serialization.format': '1' } },
      },
      write: parquetWrite(compression),
    };
  }
  if (format === 'TEXTFILE') {
    return {
      sd: {
        InputFormat: text?.input,
        OutputFormat: text?.output,
        SerdeInfo: {
          SerializationLibrary: LAZY_SIMPLE,
          Parameters: { 'field.delim': delimiter, 'serialization.format': delimiter },
        },
      },
      write: textWrite(delimiter, compression),
    };
  }
  if (format === 'JSON') {
    return {
      sd: {
        InputFormat: text?.input,
        OutputFormat: text?.output,
        SerdeInfo: { SerializationLibrary: JSON_SERDE, Parameters: {} },
      },
      write: jsonWrite(compression),
    };
  }
  throw userError('NOT_SUPPORTED', `CTAS format ${format} is not supported by lakebox yet (PARQUET, TEXTFILE, JSON)`);
}

/** How INSERT INTO writes a table's files: its own format, Athena's default compression for it. */
export function insertFormat(table: Table): WriteFormat {
  const format = tableFormat(table.StorageDescriptor);
  const params = table.Parameters ?? {};
  if (format.kind === 'parquet') {
    return parquetWrite((params['parquet.compression'] ?? params['write.compression'] ?? 'SNAPPY').toUpperCase());
  }
  const compression = (params['write.compression'] ?? 'GZIP').toUpperCase();
  if (format.kind === 'json') return jsonWrite(compression);
  if (format.quote !== '') {
    throw userError('NOT_SUPPORTED', 'INSERT INTO an OpenCSVSerde table is not supported by lakebox yet');
  }
  return textWrite(format.delim, compression);
}
