/**
 * Tokeniser for Glue `GetPartitions` expressions (see `expression.ts` for the grammar).
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
