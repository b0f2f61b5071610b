import { open } from 'node:fs/promises';
import { constants, gunzipSync } from 'node:zlib';
import type { Column } from '@aws-sdk/client-glue';
import { readParquetFacts } from './parquet-schema.js';
import { classifyText } from './text-schema.js';

/** What the crawler learned from one file: its classification, columns and size. */
export interface FileFacts {
  classification: 'parquet' | 'csv' | 'json';
  columns: Column[];
  /** Rows in the file: exact for Parquet and for text read whole, estimated from the sample otherwise. */
  records: number;
  compression: 'none' | 'gzip';
  csv?: { delimiter: string; header: boolean; quoted: boolean };
  /** JSON: the top-level keys as spelled in the data (the OpenX SerDe's `paths`). */
  jsonKeys?: string[];
}

/** Bytes of a text file the classifiers read (Glue reads the first megabyte too). */
const SAMPLE_BYTES = 1 << 20;

/** The first `length` bytes of a file (fewer when it is shorter). */
async function readHead(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    let off = 0;
    while (off < length) {
      const { bytesRead } = await handle.read(buf, off, length - off, off);
      if (bytesRead === 0) break;
      off += bytesRead;
    }
    return buf.subarray(0, off);
  } finally {
    await handle.close();
  }
}

/** Whether a file starts with Parquet's magic; `.parquet` names are believed without a read. */
async function isParquet(path: string): Promise<boolean> {
  if (/\.parquet$/i.test(path)) return true;
  return (await readHead(path, 4)).toString('latin1') === 'PAR1';
}

/** Classify one object file; undefined when no built-in classifier recognises it. */
export async function classifyFile(path: string, size: number): Promise<FileFacts | undefined> {
  if (size === 0) return undefined;
  if (await isParquet(path)) {
    const facts = await readParquetFacts(path).catch(() => undefined);
    if (facts) return { classification: 'parquet', columns: facts.columns, records: facts.rows, compression: 'none' };
  }
  const head = await readHead(path, Math.min(size, SAMPLE_BYTES));
  const whole = head.length >= size;
  let text = head;
  let compression: FileFacts['compression'] = 'none';
  if (head[0] === 0x1f && head[1] === 0x8b) {
    compression = 'gzip';
    try {
      text = gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      return undefined;
    }
  }
  const facts = classifyText(text, whole);
  if (!facts) return undefined;
  // Rows of a file read in part: the sample's rows scaled by how much of the file the sample covered.
  const records = whole ? facts.records : Math.max(facts.records, Math.round((facts.records * size) / head.length));
  if (facts.kind === 'json') {
    return { classification: 'json', columns: facts.columns, records, compression, jsonKeys: facts.keys };
  }
  return {
    classification: 'csv',
    columns: facts.columns,
    records,
    compression,
    csv: { delimiter: facts.delimiter, header: facts.header, quoted: facts.quoted },
  };
}
