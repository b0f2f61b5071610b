/**
 * The text level of Glue `GetPartitions` expressions (see `expression.ts` for the grammar): the
 * tokeniser, and the textual forms of the typed values that partition keys compare by.
 *
 * Positions are 0-based offsets into the expression; messages show them 1-based.
 */
import { errors } from '../../protocol/errors.js';

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Decoded text: a word as written, a quoted identifier or string without quotes, an operator. */
  text: string;
  /** Offset of the token's first character in the expression. */
  pos: number;
}

const WHITESPACE = /[ \t\r\n\f\v\u00a0]+/y;
const WORD = /[\p{L}_][\p{L}\p{N}_]*/uy;
// No arithmetic exists in the language, so a leading sign always belongs to the number.
const NUMBER = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const IDENT_CHAR = /[\p{L}\p{N}_]/u;
const OPERATORS = ['<=', '>=', '<>', '!=', '=', '<', '>', '(', ')', ','] as const;

export function syntaxError(message: string, pos: number) {
  return errors.invalidInput(`Unsupported expression: ${message} at position ${pos + 1}.`);
}

/** Describe a token for an error message: what the parser found instead of what it expected. */
export function describe(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'end of expression';
    case 'string':
      return `string '${token.text.replaceAll("'", "''")}'`;
    case 'quoted':
      return `identifier \`${token.text}\``;
    case 'number':
      return `number ${token.text}`;
    default:
      return `'${token.text}'`;
  }
}

function match(re: RegExp, source: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(source)?.[0];
}

/** Read a quoted run starting at `at` (the opening quote); a doubled quote stands for itself. */
function readQuoted(source: string, at: number, quote: string): { text: string; end: number } {
  let text = '';
  let i = at + 1;
  for (;;) {
    const close = source.indexOf(quote, i);
    if (close < 0) {
      const what = quote === "'" ? 'string literal' : 'quoted identifier';
      throw syntaxError(`unterminated ${what} (missing closing ${quote})`, at);
    }
    text += source.slice(i, close);
    if (source[close + 1] !== quote) return { text, end: close + 1 };
    text += quote;
    i = close + 2;
  }
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const space = match(WHITESPACE, source, i);
    if (space) {
      i += space.length;
      continue;
    }
    const ch = source[i] ?? '';
    if (ch === "'" || ch === '`' || ch === '"') {
      const { text, end } = readQuoted(source, i, ch);
      tokens.push({ kind: ch === "'" ? 'string' : 'quoted', text, pos: i });
      if (ch !== "'" && text === '') throw syntaxError('empty quoted identifier', i);
      i = end;
      continue;
    }
    const number = match(NUMBER, source, i);
    if (number) {
      const next = source[i + number.length];
      if (next !== undefined && (IDENT_CHAR.test(next) || next === '.')) {
        throw syntaxError(`malformed number '${number}${next}'`, i);
      }
      tokens.push({ kind: 'number', text: number, pos: i });
      i += number.length;
      continue;
    }
    const word = match(WORD, source, i);
    if (word) {
      tokens.push({ kind: 'word', text: word, pos: i });
      i += word.length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (!op) throw syntaxError(`unexpected character '${ch}'`, i);
    tokens.push({ kind: 'op', text: op, pos: i });
    i += op.length;
  }
  tokens.push({ kind: 'eof', text: '', pos: source.length });
  return tokens;
}

// ---- Typed values: each parser returns undefined for text that is not of its type. ----

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export const order = <T extends string | number | bigint>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);

export function parseInteger(text: string): bigint | undefined {
  return INTEGER.test(text) ? BigInt(text) : undefined;
}

/** `0.digits × 10^exp` with `digits` free of leading and trailing zeros; zero is sign 0. */
export interface Decimal {
  sign: -1 | 0 | 1;
  exp: number;
  digits: string;
}

export function parseDecimal(text: string): Decimal | undefined {
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const [, sign = '', int = '', frac = '', exp = '0'] = m;
  if (int === '' && frac === '') return undefined;
  const all = int + frac;
  const lead = all.length - all.replace(/^0+/, '').length;
  const digits = all.slice(lead).replace(/0+$/, '');
  if (digits === '') return { sign: 0, exp: 0, digits: '' };
  return { sign: sign === '-' ? -1 : 1, exp: int.length - lead + Number(exp), digits };
}

export function compareDecimal(a: Decimal, b: Decimal): number {
  if (a.sign !== b.sign) return a.sign - b.sign;
  const magnitude = order(a.exp, b.exp) || order(a.digits, b.digits);
  return a.sign * magnitude;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const FRACTION = /^\.\d{1,9}$/;

/**
 * Reads a 4-digit year and, after each separator in `seps`, a 1–2 digit field (leading zeros optional,
 * as in Java's `Date.valueOf`), and checks the calendar. Hand-rolled: this runs once per partition.
 */
function readFields(text: string, seps: string): { fields: number[]; end: number } | undefined {
  const fields: number[] = [];
  let i = 0;
  for (let k = 0; k <= seps.length; k++) {
    if (k > 0 && text[i++] !== seps[k - 1]) return undefined;
    const start = i;
    let n = 0;
    for (let c = text.charCodeAt(i) - 48; c >= 0 && c <= 9; c = text.charCodeAt(++i) - 48) n = n * 10 + c;
    const length = i - start;
    if (k === 0 ? length !== 4 : length < 1 || length > 2) return undefined;
    fields.push(n);
  }
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = fields;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return { fields, end: i };
}

/** `yyyy-MM-dd` as the number yyyyMMdd. */
export function parseDate(text: string): number | undefined {
  const read = readFields(text, '--');
  if (!read || read.end !== text.length) return undefined;
  const [year = 0, month = 0, day = 0] = read.fields;
  return year * 10_000 + month * 100 + day;
}

/** `yyyy-MM-dd HH:mm:ss[.fffffffff]` as a fixed-width string, so that text order is time order. */
export function parseTimestamp(text: string): string | undefined {
  const read = readFields(text, '-- ::');
  if (!read) return undefined;
  const fraction = text.slice(read.end);
  if (fraction !== '' && !FRACTION.test(fraction)) return undefined;
  const nanos = fraction === '' ? '000000000' : fraction.slice(1).padEnd(9, '0');
  // 19 characters: every field already has its leading zeros, as partition values usually do.
  if (read.end === 19) return text.slice(0, 19) + nanos;
  const [year, month, day, hour, minute, second] = read.fields.map((n) => String(n).padStart(2, '0'));
  return `${year}-${month}-${day} ${hour}:${minute}:${second}${nanos}`;
}

const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

/** A SQL LIKE pattern as an anchored regular expression; `%` is any run, `_` any one character. */
export function likePattern(pattern: string, pos: number, escapeChar: string | undefined): RegExp {
  let source = '';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    if (ch === escapeChar) {
      const next = chars[++i];
      if (next === undefined) throw syntaxError(`LIKE pattern ends with the escape character '${escapeChar}'`, pos);
      source += next.replace(REGEX_SYNTAX, '\\$&');
    } else if (ch === '%') source += '.*';
    else if (ch === '_') source += '.';
    else source += ch.replace(REGEX_SYNTAX, '\\$&');
  }
  return new RegExp(`^${source}$`, 'su');
}
