/**
 * A small SQL tokenizer for the Trino dialect: enough to classify a statement, bind `?` parameters and
 * find identifiers for error positions without ever looking inside string literals, quoted identifiers
 * or comments. It does not parse; DuckDB's parser does that (see `rewrite.ts`).
 */
import { userError } from './errors.js';

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'param' | 'symbol';

export interface Token {
  kind: TokenKind;
  /** Source text of the token. */
  text: string;
  /** Offset of the token's first character in the SQL text. */
  start: number;
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i] ?? '';
    const next = sql[i + 1] ?? '';
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && next === '-') {
      while (i < n && sql[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      const start = i;
      i++;
      while (i < n) {
        if (sql[i] === c) {
          if (sql[i + 1] === c) i += 2;
          else break;
        } else i++;
      }
      i = Math.min(n, i + 1);
      tokens.push({ kind: c === "'" ? 'string' : 'quoted', text: sql.slice(start, i), start });
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(next))) {
      const m = /^(?:[0-9]*\.?[0-9]+|[0-9]+\.)(?:[eE][+-]?[0-9]+)?/.exec(sql.slice(i));
      const text = m?.[0] ?? c;
      tokens.push({ kind: 'number', text, start: i });
      i += text.length;
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      const m = /^[A-Za-z0-9_$\u0080-\uffff]+/.exec(sql.slice(i));
      const text = m?.[0] ?? c;
      tokens.push({ kind: 'word', text, start: i });
      i += text.length;
    } else if (c === '?') {
      tokens.push({ kind: 'param', text: c, start: i });
      i++;
    } else {
      tokens.push({ kind: 'symbol', text: c, start: i });
      i++;
    }
  }
  return tokens;
}

/** The identifier a token names: unquoted words fold to lower case, quoted ones keep their text. */
export function identifierName(t: Token): string | undefined {
  if (t.kind === 'word') return t.text.toLowerCase();
  if (t.kind === 'quoted') {
    const q = t.text[0] ?? '"';
    return t.text
      .slice(1, -1)
      .replaceAll(q + q, q)
      .toLowerCase();
  }
  return undefined;
}

/** The first keyword of a statement, skipping leading parentheses, in upper case ('' when none). */
export function leadingKeyword(tokens: readonly Token[]): string {
  for (const t of tokens) {
    if (t.kind === 'symbol' && t.text === '(') continue;
    return t.kind === 'word' ? t.text.toUpperCase() : '';
  }
  return '';
}

/** Replace each `?` outside literals with the next parameter's SQL text. */
export function bindParameters(sql: string, tokens: readonly Token[], parameters: readonly string[]): string {
  const params = tokens.filter((t) => t.kind === 'param');
  if (params.length !== parameters.length) {
    throw userError(
      'GENERIC_USER_ERROR',
      `Incorrect number of parameters: expected ${params.length} but found ${parameters.length}`,
    );
  }
  let out = '';
  let last = 0;
  params.forEach((t, i) => {
    out += `${sql.slice(last, t.start)}${parameters[i] ?? ''}`;
    last = t.start + 1;
  });
  return out + sql.slice(last);
}

/** Offset of the first identifier token naming `name` (case-insensitive), if any. */
export function findIdentifier(tokens: readonly Token[], name: string): number | undefined {
  const wanted = name.toLowerCase();
  return tokens.find((t) => identifierName(t) === wanted)?.start;
}
