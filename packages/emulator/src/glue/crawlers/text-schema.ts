import type { Column } from '@aws-sdk/client-glue';

/**
 * Glue's built-in JSON and CSV classifiers, applied to the first bytes of a (decompressed) text file.
 *
 * JSON: every complete line of the sample is a JSON object (JSON Lines); column types as the crawler
 * names them: `int` for integers that fit 32 bits, `bigint` beyond, `double`, `boolean`, `string`,
 * `struct<...>`, `array<...>`; differing types widen (int → bigint → double) or fall back to `string`.
 *
 * CSV, with the rules the Glue developer guide gives for the built-in classifier: the delimiter is a
 * comma, pipe, tab, semicolon or Ctrl-A giving every line the same number of fields (at least two); values
 * are typed `bigint`, `double`, `boolean` or `string` (empty values do not count); the first line is a
 * header when every value in it is a string and at least one column below it is not. Otherwise the
 * columns are named `col0`, `col1`, ... and the first line is data.
 *
 * A column with no value in the sample gets the empty type: the table's merge gives it the type other
 * files show, or `string`.
 */

export type TextFacts =
  | { kind: 'json'; columns: Column[]; keys: string[]; records: number; bytes: number }
  | {
      kind: 'csv';
      columns: Column[];
      delimiter: string;
      header: boolean;
      quoted: boolean;
      records: number;
      bytes: number;
    };

/** Complete lines of a sample (the last one is dropped when the sample is cut short), blank ones skipped. */
function sampleLines(text: string, complete: boolean): string[] {
  const lines = text.split(/\r?\n/);
  if (!complete) lines.pop();
  return lines.filter((l) => l.trim() !== '');
}

/** Bytes of the lines kept (with their newline), for averageRecordSize. */
function byteSize(lines: readonly string[]): number {
  return lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
}

export function classifyText(sample: Buffer, complete: boolean): TextFacts | undefined {
  const text = sample.toString('utf8').replace(/^\uFEFF/, '');
  const lines = sampleLines(text, complete);
  if (lines.length === 0) return undefined;
  if ((lines[0] ?? '').trimStart().startsWith('{')) return classifyJson(lines);
  return classifyCsv(lines);
}

// ---- JSON ---------------------------------------------------------------------------------------------

type JType = string;

function jsonType(v: unknown): JType | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return 'double';
    return v >= -2147483648 && v <= 2147483647 ? 'int' : 'bigint';
  }
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) {
    let elem: JType | undefined;
    for (const x of v) elem = mergeTypes(elem, jsonType(x));
    return `array<${elem ?? ''}>`; // empty: the element type is not known yet
  }
  const fields = new Map<string, JType>();
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const t = jsonType(x);
    if (t) fields.set(k.toLowerCase(), mergeTypes(fields.get(k.toLowerCase()), t) as JType);
  }
  return structType(fields);
}

function structType(fields: Map<string, JType>): JType {
  return `struct<${[...fields].map(([k, t]) => `${k}:${t}`).join(',')}>`;
}

/** Split the top level of `struct<a:int,b:struct<c:int>>` into its fields. */
function structFields(t: JType): Map<string, JType> {
  const inner = t.slice('struct<'.length, -1);
  const fields = new Map<string, JType>();
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= inner.length; i++) {
    const ch = inner[i];
    if (ch === '<') depth++;
    else if (ch === '>') depth--;
    else if ((ch === ',' && depth === 0) || i === inner.length) {
      const part = inner.slice(start, i);
      const colon = part.indexOf(':');
      if (colon > 0) fields.set(part.slice(0, colon), part.slice(colon + 1));
      start = i + 1;
    }
  }
  return fields;
}

const NUMERIC_RANK: Record<string, number> = { int: 1, bigint: 2, double: 3 };

export function mergeTypes(a: JType | undefined, b: JType | undefined): JType | undefined {
  if (a === undefined) return b;
  if (b === undefined || a === b) return a;
  const ra = NUMERIC_RANK[a];
  const rb = NUMERIC_RANK[b];
  if (ra !== undefined && rb !== undefined) return ra > rb ? a : b;
  if (a.startsWith('struct<') && b.startsWith('struct<')) {
    const fields = structFields(a);
    for (const [k, t] of structFields(b)) fields.set(k, mergeTypes(fields.get(k), t) as JType);
    return structType(fields);
  }
  if (a.startsWith('array<') && b.startsWith('array<')) {
    return `array<${mergeTypes(a.slice(6, -1) || undefined, b.slice(6, -1) || undefined) ?? ''}>`;
  }
  return 'string';
}

function classifyJson(lines: readonly string[]): TextFacts | undefined {
  const types = new Map<string, JType | undefined>();
  const keys = new Map<string, string>();
  for (const line of lines) {
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      return undefined;
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) return undefined;
    for (const [k, v] of Object.entries(record as Record<string, unknown>)) {
      const name = k.toLowerCase();
      if (!keys.has(name)) keys.set(name, k);
      types.set(name, mergeTypes(types.get(name), jsonType(v)));
    }
  }
  // Arrays only ever seen empty hold strings, as far as anyone can tell.
  const columns = [...types].map(([Name, t]) => ({ Name, Type: t?.replaceAll('<>', '<string>') ?? '' }));
  return { kind: 'json', columns, keys: [...keys.values()], records: lines.length, bytes: byteSize(lines) };
}

// ---- CSV ----------------------------------------------------------------------------------------------

const DELIMITERS = [',', '|', '\t', ';', '\u0001'];

/** Split one line on `delim`, honouring double quotes; `quoted` tells whether any field was quoted. */
function splitLine(line: string, delim: string): { fields: string[]; quoted: boolean } {
  const fields: string[] = [];
  let quoted = false;
  let field = '';
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inQuotes) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') inQuotes = false;
      else field += ch;
    } else if (ch === '"' && field === '') {
      inQuotes = true;
      quoted = true;
    } else if (ch === delim) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return { fields, quoted };
}

type CsvClass = 'bigint' | 'double' | 'boolean' | 'string';

function valueClass(raw: string): CsvClass | undefined {
  const v = raw.trim();
  if (v === '') return undefined;
  if (/^[+-]?\d{1,18}$/.test(v)) return 'bigint';
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) return 'double';
  if (/^(true|false)$/i.test(v)) return 'boolean';
  return 'string';
}

function mergeClass(a: CsvClass | undefined, b: CsvClass | undefined): CsvClass | undefined {
  if (a === undefined) return b;
  if (b === undefined || a === b) return a;
  if ((a === 'bigint' && b === 'double') || (a === 'double' && b === 'bigint')) return 'double';
  return 'string';
}

function classifyCsv(lines: readonly string[]): TextFacts | undefined {
  let best: { delim: string; rows: string[][]; quoted: boolean } | undefined;
  for (const delim of DELIMITERS) {
    const rows: string[][] = [];
    let quoted = false;
    let width = -1;
    let consistent = true;
    for (const line of lines) {
      const split = splitLine(line, delim);
      quoted ||= split.quoted;
      if (width === -1) width = split.fields.length;
      if (split.fields.length !== width) {
        consistent = false;
        break;
      }
      rows.push(split.fields);
    }
    if (!consistent || width < 2) continue;
    if (!best || width > (best.rows[0]?.length ?? 0)) best = { delim, rows, quoted };
  }
  if (!best) return undefined;
  const { rows, delim, quoted } = best;
  const width = rows[0]?.length ?? 0;
  const columnClasses = (from: number) => {
    const classes: (CsvClass | undefined)[] = new Array(width).fill(undefined);
    for (const row of rows.slice(from)) {
      row.forEach((v, i) => {
        classes[i] = mergeClass(classes[i], valueClass(v));
      });
    }
    return classes.map((c) => c ?? '');
  };
  const first = rows[0] ?? [];
  const dataClasses = columnClasses(1);
  const names = first.map((v) => v.trim().toLowerCase());
  const header =
    rows.length > 1 &&
    first.every((v) => valueClass(v) === 'string') &&
    dataClasses.some((c) => c !== 'string' && c !== '') &&
    new Set(names).size === names.length;
  const classes = header ? dataClasses : columnClasses(0);
  const columns = classes.map((Type, i) => ({ Name: header ? (names[i] as string) : `col${i}`, Type }));
  const dataLines = header ? lines.slice(1) : lines;
  return {
    kind: 'csv',
    columns,
    delimiter: delim,
    header,
    quoted,
    records: dataLines.length,
    bytes: byteSize(dataLines),
  };
}
