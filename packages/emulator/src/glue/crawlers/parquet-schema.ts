import { createRequire } from 'node:module';
import type { Column } from '@aws-sdk/client-glue';

/**
 * A Parquet file's columns as Glue's crawler names their types, read from the footer alone with
 * parquetjs-lite (the second, independent Parquet implementation: ARCHITECTURE decision 4).
 */

/** The part of a Thrift SchemaElement the mapping reads. */
interface SchemaElement {
  name: string;
  type: number | null;
  num_children: number | null;
  converted_type: number | null;
  repetition_type: number | null;
  scale: number | null;
  precision: number | null;
}

interface FileMetaData {
  schema: SchemaElement[];
  num_rows: unknown;
}

interface EnvelopeReader {
  readFooter(): Promise<FileMetaData>;
  close(): Promise<void> | void;
}

interface ParquetLite {
  ParquetEnvelopeReader: { openFile(path: string): Promise<EnvelopeReader> };
}

let lib: ParquetLite | undefined;

/** parquetjs-lite is untyped CommonJS; loaded on the first crawl that meets a Parquet file. */
function parquetLite(): ParquetLite {
  lib ??= createRequire(import.meta.url)('parquetjs-lite') as ParquetLite;
  return lib;
}

/** Parquet's physical types (Thrift `Type`), by number. */
const PHYSICAL = ['boolean', 'int', 'bigint', 'timestamp', 'float', 'double', 'binary', 'binary'] as const;

/** Parquet's converted types (Thrift `ConvertedType`) that name a Glue type of a primitive. */
const CONVERTED: Record<number, string> = {
  0: 'string', // UTF8
  4: 'string', // ENUM
  6: 'date',
  7: 'int', // TIME_MILLIS
  8: 'bigint', // TIME_MICROS
  9: 'timestamp', // TIMESTAMP_MILLIS
  10: 'timestamp', // TIMESTAMP_MICROS
  11: 'smallint', // UINT_8
  12: 'int', // UINT_16
  13: 'bigint', // UINT_32
  14: 'bigint', // UINT_64
  15: 'tinyint', // INT_8
  16: 'smallint', // INT_16
  17: 'int', // INT_32
  18: 'bigint', // INT_64
  19: 'string', // JSON
  20: 'binary', // BSON
};
const DECIMAL = 5;
const MAP = 1;
const MAP_KEY_VALUE = 2;
const LIST = 3;
const REPEATED = 2;

/** A node of the schema tree (the flat, depth-first element list rebuilt). */
interface Node {
  element: SchemaElement;
  children: Node[];
}

function buildTree(elements: readonly SchemaElement[]): Node {
  let at = 0;
  const read = (): Node => {
    const element = elements[at++] as SchemaElement;
    const children: Node[] = [];
    for (let i = 0; i < (element.num_children ?? 0); i++) children.push(read());
    return { element, children };
  };
  return read();
}

function primitiveType(e: SchemaElement): string {
  if (e.converted_type === DECIMAL) return `decimal(${e.precision ?? 38},${e.scale ?? 0})`;
  const converted = e.converted_type === null ? undefined : CONVERTED[e.converted_type];
  return converted ?? PHYSICAL[e.type ?? 6] ?? 'binary';
}

function glueType(node: Node): string {
  const e = node.element;
  if (node.children.length === 0) {
    const t = primitiveType(e);
    return e.repetition_type === REPEATED ? `array<${t}>` : t;
  }
  if (e.converted_type === LIST) {
    // LIST → repeated group `list` → `element` (or the legacy two-level form: the repeated child itself).
    const repeated = node.children[0] as Node;
    const element = repeated.children.length === 1 ? (repeated.children[0] as Node) : repeated;
    return `array<${repeated.children.length === 0 ? primitiveType(repeated.element) : glueType(element)}>`;
  }
  if (e.converted_type === MAP || e.converted_type === MAP_KEY_VALUE) {
    const kv = node.children[0] as Node;
    const [k, v] = kv.children;
    return `map<${k ? glueType(k) : 'string'},${v ? glueType(v) : 'string'}>`;
  }
  const struct = `struct<${node.children.map((c) => `${c.element.name}:${glueType(c)}`).join(',')}>`;
  return e.repetition_type === REPEATED ? `array<${struct}>` : struct;
}

export interface ParquetFacts {
  columns: Column[];
  rows: number;
}

/** Columns (names lower-cased, as the Data Catalog keeps them) and row count from a Parquet footer. */
export async function readParquetFacts(path: string): Promise<ParquetFacts> {
  const reader = await parquetLite().ParquetEnvelopeReader.openFile(path);
  try {
    const meta = await reader.readFooter();
    const root = buildTree(meta.schema);
    const columns = root.children.map((c) => ({ Name: c.element.name.toLowerCase(), Type: glueType(c) }));
    return { columns, rows: Number(meta.num_rows) };
  } finally {
    await reader.close();
  }
}
