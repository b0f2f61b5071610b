import { closeSync, openSync, readSync } from 'node:fs';

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
const CHUNK = 64 * 1024;
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

/**
 * Read up to `maxRows` rows from `file` starting at byte `offset`.
 *
 * @example
 * const first = readCsvPage('/data/q.csv', 0, 1000); // header + 999 rows
 * const next = first.nextOffset === undefined ? undefined : readCsvPage('/data/q.csv', first.nextOffset, 1000);
 */
export function readCsvPage(file: string, offset: number, maxRows: number): CsvPage {
  const fd = openSync(file, 'r');
  try {
    let buf: Buffer = Buffer.alloc(0);
    let filePos = offset;
    let eof = false;
    let p = 0;
    let chunkSize = CHUNK;
    const rows: CsvRow[] = [];
    const readMore = () => {
      const chunk = Buffer.allocUnsafe(chunkSize);
      const n = readSync(fd, chunk, 0, chunkSize, filePos);
      if (n === 0) eof = true;
      filePos += n;
      buf = Buffer.concat([buf.subarray(p), chunk.subarray(0, n)]);
      p = 0;
    };
    readMore();
    while (rows.length < maxRows) {
      if (p >= buf.length) {
        if (eof) break;
        readMore();
        continue;
      }
      const parsed = parseRow(buf, p, eof);
      if (!parsed) {
        if (eof) break;
        chunkSize = Math.min(chunkSize * 2, MAX_CHUNK);
        readMore();
        continue;
      }
      rows.push(parsed.row);
      p = parsed.end;
    }
    const consumed = filePos - (buf.length - p);
    // At the end when nothing is left in the buffer and the file has no more bytes.
    if (p >= buf.length && !eof) readMore();
    const atEnd = p >= buf.length && eof;
    return { rows, nextOffset: atEnd ? undefined : consumed };
  } finally {
    closeSync(fd);
  }
}
