import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { Row } from '@aws-sdk/client-athena';
import { csvRowJson, JsonOut, NOT_UTF8 } from './csv-row-json.js';

/**
 * Reads pages of rows from a result CSV (Contract B's format: every non-NULL value double-quoted with inner
 * quotes doubled, NULL an empty unquoted field, rows ending in `\n`) starting at a byte offset, so a page
 * costs what it returns, never the whole file. Scanning works on bytes: `"`, `,` and `\n` never occur inside
 * a UTF-8 multi-byte sequence, so byte offsets stay exact and values are decoded only once found.
 */

/** A row's values; `null` is SQL NULL (an empty unquoted field), `''` an empty string. */
export type CsvRow = (string | null)[];

export interface CsvPage {
  rows: CsvRow[];
  /** Byte offset of the next row, or undefined at the end of the file. */
  nextOffset: number | undefined;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
/** First read size; doubled while one row does not fit, so a huge value costs O(n), not O(n²). */
const CHUNK = 256 * 1024;
const MAX_CHUNK = 64 * 1024 * 1024;

/** Parse one row of `buf` at `p`; undefined when the row is not complete in `buf` (and `eof` is false). */
function parseRow(buf: Buffer, p: number, eof: boolean): { row: CsvRow; end: number } | undefined {
  const row: CsvRow = [];
  let i = p;
  for (;;) {
    if (i < buf.length && buf[i] === QUOTE) {
      const parts: string[] = [];
      let start = i + 1;
      let j = start;
      for (;;) {
        if (j >= buf.length) return undefined;
        if (buf[j] === QUOTE) {
          if (j + 1 >= buf.length && !eof) return undefined;
          if (buf[j + 1] === QUOTE) {
            parts.push(buf.toString('utf8', start, j + 1));
            j += 2;
            start = j;
            continue;
          }
          parts.push(buf.toString('utf8', start, j));
          i = j + 1;
          break;
        }
        j++;
      }
      row.push(parts.join(''));
    } else {
      let j = i;
      while (j < buf.length && buf[j] !== COMMA && buf[j] !== LF) j++;
      if (j >= buf.length && !eof) return undefined;
      let end = j;
      if (end > i && buf[end - 1] === CR) end--;
      row.push(end === i ? null : buf.toString('utf8', i, end));
      i = j;
    }
    if (i < buf.length && buf[i] === CR) i++;
    if (i >= buf.length) {
      if (!eof) return undefined;
      return { row, end: i };
    }
    if (buf[i] === COMMA) {
      i++;
      continue;
    }
    if (buf[i] === LF) return { row, end: i + 1 };
    // Anything else after a closing quote is not our format; treat it as the end of the field.
    i++;
  }
}

/** A CSV row as an Athena `Row`: a NULL is a Datum without `VarCharValue`, an empty string keeps `''`. */
export function csvRowToAthena(values: CsvRow): Row {
  return { Data: values.map((v) => (v === null ? {} : { VarCharValue: v })) };
}

/** Where a page's bytes are read when they fit (reused: reading is synchronous and rows keep no views of it). */
const readScratch = Buffer.allocUnsafe(CHUNK);

/** Reads one row at `p`: returns its end, or undefined when the row is not complete in `buf` (and `eof` is false). */
type RowReader = (buf: Buffer, p: number, eof: boolean) => number | undefined;

/**
 * The page loop both readers share, so they agree on every offset: reads from `offset`, growing the read while
 * one row does not fit, until `maxRows` rows are read or the file ends. The first read is sized from the file's
 * length (at most `CHUNK`), so a page that fits is read with one call.
 */
function readPage(file: string, offset: number, maxRows: number, readRow: RowReader): number | undefined {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    let buf: Buffer = Buffer.alloc(0);
    let filePos = offset;
    let eof = false;
    let p = 0;
    let chunkSize = Math.max(1, Math.min(CHUNK, size - offset));
    let rows = 0;
    const readMore = () => {
      // Nothing of the buffer is kept when it is all consumed: the first read of a page reuses scratch space.
      const reuse = p === buf.length && chunkSize <= readScratch.length;
      const chunk = reuse ? readScratch : Buffer.allocUnsafe(chunkSize);
      const n = readSync(fd, chunk, 0, chunkSize, filePos);
      filePos += n;
      // A short read, or one up to the length fstat gave, ends the file: no extra call to learn it.
      if (n === 0 || filePos >= size) eof = true;
      buf = p === buf.length ? chunk.subarray(0, n) : Buffer.concat([buf.subarray(p), chunk.subarray(0, n)]);
      p = 0;
    };
    readMore();
    while (rows < maxRows) {
      if (p >= buf.length) {
        if (eof) break;
        readMore();
        continue;
      }
      const end = readRow(buf, p, eof);
      if (end === undefined) {
        if (eof) break;
        chunkSize = Math.min(chunkSize * 2, MAX_CHUNK);
        readMore();
        continue;
      }
      rows++;
      p = end;
    }
    const consumed = filePos - (buf.length - p);
    // At the end when nothing is left in the buffer and the file has no more bytes.
    if (p >= buf.length && !eof) readMore();
    const atEnd = p >= buf.length && eof;
    return atEnd ? undefined : consumed;
  } finally {
    closeSync(fd);
  }
}

/**
 * Read up to `maxRows` rows from `file` starting at byte `offset`.
 *
 * @example
 * const first = readCsvPage('/data/q.csv', 0, 1000); // header + 999 rows
 * const next = first.nextOffset === undefined ? undefined : readCsvPage('/data/q.csv', first.nextOffset, 1000);
 */
export function readCsvPage(file: string, offset: number, maxRows: number): CsvPage {
  const rows: CsvRow[] = [];
  const nextOffset = readPage(file, offset, maxRows, (buf, p, eof) => {
    const parsed = parseRow(buf, p, eof);
    if (!parsed) return undefined;
    rows.push(parsed.row);
    return parsed.end;
  });
  return { rows, nextOffset };
}

/** Where pages' JSON is written; reused (and kept when grown), as reading is synchronous. */
let jsonScratch: Buffer = Buffer.allocUnsafe(256 * 1024);

/** A page of rows already encoded as Athena JSON (see `readCsvPageJson`). */
export interface CsvJsonPage {
  /**
   * The rows' JSON, comma-separated, without the enclosing brackets; empty when there are no rows.
   * A view of scratch space, valid until the next `readCsvPageJson` call: copy what you keep.
   */
  json: Buffer;
  rows: number;
  /** Byte offset of the next row, or undefined at the end of the file. */
  nextOffset: number | undefined;
}

/**
 * Like `readCsvPage`, but each row comes out as the JSON text of an Athena `Row`
 * (`{"Data":[{"VarCharValue":"a"},{}]}`, a NULL being `{}`), written straight from the file's bytes: no
 * per-value strings or objects. The text is byte for byte what `JSON.stringify` gives for the rows
 * `readCsvPage` returns (see `csvRowJson`).
 *
 * @example
 * const page = readCsvPageJson('/data/q.csv', 0, 1000);
 * const body = `{"Rows":[${page.json.toString('utf8')}]}`;
 */
export function readCsvPageJson(file: string, offset: number, maxRows: number): CsvJsonPage {
  const out = new JsonOut(jsonScratch);
  const nextOffset = readPage(file, offset, maxRows, (buf, p, eof) => {
    const end = csvRowJson(buf, p, eof, out);
    if (end !== NOT_UTF8) return end;
    // Bytes that are not UTF-8: decode as readCsvPage does (U+FFFD) and let JSON.stringify write the row.
    const parsed = parseRow(buf, p, eof);
    if (!parsed) return undefined;
    out.writeRow(JSON.stringify(csvRowToAthena(parsed.row)));
    return parsed.end;
  });
  jsonScratch = out.buf; // keep a grown buffer for the next page
  return { json: out.buf.subarray(0, out.pos), rows: out.rows, nextOffset };
}

/**
 * Pages computed ahead: after answering page N, GetQueryResults asks for page N+1 to be read right away
 * (`prefetchCsvPageJson`, in a `setImmediate`), so the server reads it while the client is still decoding
 * page N on another core, and the next request takes it from here (`takeCsvPageJson`). A page is valid only
 * for the same file (inode, size and mtime: a result object overwritten is another file), offset and size.
 */
interface Ahead {
  stamp: string;
  page: CsvJsonPage;
}

const ahead = new Map<string, Ahead>();
/** Pages kept at most (one per client paging at the same time; each about 200 KB for 1000 rows). */
const AHEAD_LIMIT = 16;

function aheadKey(file: string, offset: number, maxRows: number): string {
  return `${offset}:${maxRows}:${file}`;
}

function fileStamp(file: string): string | undefined {
  try {
    const s = statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return undefined;
  }
}

/** Read the page at `offset` now and keep it for `takeCsvPageJson`. */
export function prefetchCsvPageJson(file: string, offset: number, maxRows: number): void {
  const key = aheadKey(file, offset, maxRows);
  if (ahead.has(key)) return;
  const stamp = fileStamp(file);
  if (stamp === undefined) return;
  const page = readCsvPageJson(file, offset, maxRows);
  ahead.set(key, { stamp, page: { ...page, json: Buffer.from(page.json) } });
  for (const oldest of ahead.keys()) {
    if (ahead.size <= AHEAD_LIMIT) break;
    ahead.delete(oldest);
  }
}

/** Like `readCsvPageJson`, served from a page read ahead when there is one for this file, offset and size. */
export function takeCsvPageJson(file: string, offset: number, maxRows: number): CsvJsonPage {
  const key = aheadKey(file, offset, maxRows);
  const hit = ahead.get(key);
  if (hit) {
    ahead.delete(key);
    if (hit.stamp === fileStamp(file)) return hit.page;
  }
  return readCsvPageJson(file, offset, maxRows);
}
