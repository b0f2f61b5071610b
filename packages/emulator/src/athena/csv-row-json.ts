import { isUtf8 } from 'node:buffer';

/**
 * One result-CSV row turned into the JSON text of an Athena `Row`, byte by byte, for `readCsvPageJson`.
 * It follows `parseRow` in `csv-pages.ts` step for step (same fields, same row ends, same lenience), and
 * escapes as `JSON.stringify` does: `"`, `\` and U+0000–U+001F, with the short forms `\b \t \n \f \r` and
 * lower-case `\u00XX` otherwise; everything else, U+2028/U+2029 included, is copied as is. Copying UTF-8
 * bytes is exact only for valid UTF-8 (where `toString` would put U+FFFD): a row holding other bytes is
 * reported as `NOT_UTF8` and left to the caller's decoding path.
 */

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** The escape of each byte that needs one (0x00–0x1F, `"`, `\`), taken from `JSON.stringify` itself. */
const ESCAPES: (Buffer | undefined)[] = Array.from({ length: 128 }, (_, b) => {
  const text = JSON.stringify(String.fromCharCode(b)).slice(1, -1);
  return text.length > 1 ? Buffer.from(text, 'latin1') : undefined;
});

/** 1 for the ASCII bytes copied as they are. */
const PLAIN = Uint8Array.from({ length: 256 }, (_, b) => (b < 0x80 && ESCAPES[b] === undefined ? 1 : 0));

const ROW_OPEN = Buffer.from('{"Data":[', 'latin1');
const ROW_CLOSE = Buffer.from(']}', 'latin1');
const VALUE_OPEN = Buffer.from('{"VarCharValue":"', 'latin1');
const VALUE_CLOSE = Buffer.from('"}', 'latin1');
const NULL_VALUE = Buffer.from('{}', 'latin1');
/** Room kept free before each write of a fixed piece or one escaped byte (the longest is 17 bytes). */
const SLACK = 32;

/** The growing output of a page: the rows' JSON, comma-separated. */
export class JsonOut {
  pos = 0;
  rows = 0;
  /** Set when a byte ≥ 0x80 was copied since the row began: the row must then be checked to be UTF-8. */
  nonAscii = false;

  /** `buf` is where writing starts (it may be reused scratch space: callers copy out what they keep). */
  constructor(public buf: Buffer) {}

  /** A bigger buffer, with `SLACK` bytes free after `need`, keeping the bytes before `keep`; returns it. */
  grow(keep: number, need = keep): Buffer {
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, need + SLACK * 2));
    this.buf.copy(next, 0, 0, keep);
    this.buf = next;
    return next;
  }

  /** Append a whole row's JSON text (the decoding path's). */
  writeRow(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    const out =
      this.pos + bytes.length + SLACK > this.buf.length ? this.grow(this.pos, this.pos + bytes.length) : this.buf;
    if (this.rows > 0) out[this.pos++] = COMMA;
    this.pos += bytes.copy(out, this.pos);
    this.rows++;
  }
}

/** Returned by `csvRowJson` for a row that is not valid UTF-8: nothing was written. */
export const NOT_UTF8 = -1;

/** Write a fixed piece at `o` (room for `SLACK` bytes is already there); returns the position after it. */
function put(dst: Buffer, o: number, piece: Buffer): number {
  for (let k = 0; k < piece.length; k++) dst[o + k] = piece[k] as number;
  return o + piece.length;
}

/** Copy `src` bytes [from, to) to `out` at `o` as JSON string content; returns the position after them. */
function copyEscaped(src: Buffer, from: number, to: number, out: JsonOut, o: number): number {
  // An escape is at most 6 bytes (`\u001f`): make room for the worst case once, then copy without checks.
  const dst = o + 6 * (to - from) + SLACK > out.buf.length ? out.grow(o, o + 6 * (to - from)) : out.buf;
  for (let k = from; k < to; k++) {
    const b = src[k] as number;
    if (PLAIN[b] === 1) dst[o++] = b;
    else if (b >= 0x80) {
      out.nonAscii = true;
      dst[o++] = b;
    } else o = put(dst, o, ESCAPES[b] as Buffer);
  }
  return o;
}

/** Make sure `SLACK` bytes are free at `o`; returns the buffer to write to. */
function room(out: JsonOut, o: number): Buffer {
  return o + SLACK > out.buf.length ? out.grow(o) : out.buf;
}

/**
 * Write the row of `buf` at `p` to `out` as JSON; returns the row's end, undefined when the row is not
 * complete in `buf` (and `eof` is false), or `NOT_UTF8`. Nothing is kept in `out` unless a row is returned.
 */
export function csvRowJson(buf: Buffer, p: number, eof: boolean, out: JsonOut): number | undefined {
  const n = buf.length;
  let o = out.pos;
  out.nonAscii = false;
  if (out.rows > 0) room(out, o)[o++] = COMMA;
  o = put(room(out, o), o, ROW_OPEN);
  let i = p;
  for (let first = true; ; first = false) {
    if (!first) room(out, o)[o++] = COMMA;
    if (i < n && buf[i] === QUOTE) {
      o = put(room(out, o), o, VALUE_OPEN);
      let start = i + 1;
      let j = start;
      for (;;) {
        if (j >= n) return undefined;
        if (buf[j] === QUOTE) {
          if (j + 1 >= n && !eof) return undefined;
          if (buf[j + 1] === QUOTE) {
            o = copyEscaped(buf, start, j + 1, out, o);
            j += 2;
            start = j;
            continue;
          }
          o = copyEscaped(buf, start, j, out, o);
          i = j + 1;
          break;
        }
        j++;
      }
      o = put(room(out, o), o, VALUE_CLOSE);
    } else {
      let j = i;
      while (j < n && buf[j] !== COMMA && buf[j] !== LF) j++;
      if (j >= n && !eof) return undefined;
      let end = j;
      if (end > i && buf[end - 1] === CR) end--;
      if (end === i) o = put(room(out, o), o, NULL_VALUE);
      else {
        o = put(room(out, o), o, VALUE_OPEN);
        o = copyEscaped(buf, i, end, out, o);
        o = put(room(out, o), o, VALUE_CLOSE);
      }
      i = j;
    }
    if (i < n && buf[i] === CR) i++;
    let end: number | undefined;
    if (i >= n) {
      if (!eof) return undefined;
      end = i;
    } else if (buf[i] === COMMA) {
      i++;
      continue;
    } else if (buf[i] === LF) end = i + 1;
    if (end !== undefined) {
      if (out.nonAscii && !isUtf8(buf.subarray(p, end))) return NOT_UTF8;
      out.pos = put(room(out, o), o, ROW_CLOSE);
      out.rows++;
      return end;
    }
    // Anything else after a closing quote is not our format; treat it as the end of the field.
    i++;
  }
}
