/**
 * Words DuckDB's parser reserves but Trino does not (`at`, `column`, `default`, `show`, `map`...): Trino reads
 * them as identifiers, so `SELECT id, at FROM t` is valid Athena SQL. Before DuckDB parses a query, each such
 * word standing where Trino reads an identifier is double-quoted. Works on tokens, so string literals, quoted
 * identifiers and comments are never touched; positions map back to the user's text for error messages.
 *
 * "Where Trino reads an identifier": part of a dotted name (`t.at`, `at.x`), or a whole operand, i.e. after a
 * word or symbol that starts an expression or names something (SELECT, `,`, `(`, WHERE, AS, FROM, an
 * operator...) and before one that ends it (`,`, `)`, FROM, AND, an operator, the end...). A keyword use has
 * something else around it (`AT TIME ZONE`, `UNION ALL`, `ORDER BY x DESC`, `ARRAY[1]`, `map(...)`).
 */
import type { Token } from './tokens.js';
import { applyInserts, type Normalized } from './values-lists.js';

/**
 * DuckDB 1.5 keywords of the `reserved` and `type_function` categories (`duckdb_keywords()`), which it
 * refuses as column names, minus Trino's reserved words (Trino docs, "Keywords and identifiers"), which
 * need quotes in Athena too.
 */
const DUCKDB_ONLY_KEYWORDS = new Set([
  // reserved
  'all',
  'analyse',
  'analyze',
  'any',
  'array',
  'asc',
  'asymmetric',
  'both',
  'check',
  'collate',
  'column',
  'default',
  'deferrable',
  'desc',
  'do',
  'fetch',
  'foreign',
  'initially',
  'lambda',
  'lateral',
  'leading',
  'limit',
  'offset',
  'only',
  'pivot',
  'pivot_longer',
  'pivot_wider',
  'placing',
  'primary',
  'qualify',
  'references',
  'returning',
  'show',
  'some',
  'summarize',
  'symmetric',
  'to',
  'trailing',
  'unique',
  'unpivot',
  'variadic',
  'window',
  // type_function
  'anti',
  'asof',
  'at',
  'authorization',
  'binary',
  'collation',
  'columns',
  'concurrently',
  'freeze',
  'generated',
  'glob',
  'ilike',
  'isnull',
  'map',
  'notnull',
  'overlaps',
  'positional',
  'semi',
  'similar',
  'struct',
  'tablesample',
  'try_cast',
  'unpack',
  'verbose',
]);

/** Tokens after which an operand (or a name) starts. */
const BEFORE_OPERAND_WORDS = new Set([
  'SELECT',
  'DISTINCT',
  'BY',
  'WHERE',
  'HAVING',
  'ON',
  'AND',
  'OR',
  'NOT',
  'WHEN',
  'THEN',
  'ELSE',
  'CASE',
  'AS',
  'FROM',
  'JOIN',
  'IN',
  'IS',
  'BETWEEN',
  'LIKE',
  'ESCAPE',
]);
const BEFORE_OPERAND_SYMBOLS = new Set([',', '(', '[', '=', '<', '>', '+', '-', '*', '/', '%', '|', '!']);

/** Tokens before which an operand (or a name) ends. */
const AFTER_OPERAND_WORDS = new Set([
  'FROM',
  'AS',
  'AND',
  'OR',
  'WHERE',
  'GROUP',
  'ORDER',
  'HAVING',
  'LIMIT',
  'OFFSET',
  'FETCH',
  'UNION',
  'INTERSECT',
  'EXCEPT',
  'IS',
  'IN',
  'NOT',
  'BETWEEN',
  'LIKE',
  'THEN',
  'ELSE',
  'END',
  'WHEN',
  'ASC',
  'DESC',
  'NULLS',
  'JOIN',
  'ON',
  'CROSS',
  'LEFT',
  'RIGHT',
  'FULL',
  'INNER',
  'NATURAL',
  'USING',
  'WINDOW',
  'AT',
  'ESCAPE',
]);
const AFTER_OPERAND_SYMBOLS = new Set([',', ')', ']', ';', '=', '<', '>', '+', '-', '*', '/', '%', '|', '!']);

/** Double-quote the DuckDB-only keywords `tokens` use as identifiers. */
export function quoteKeywordIdentifiers(sql: string, tokens: readonly Token[]): Normalized {
  const inserts: Array<{ at: number; text: string }> = [];
  tokens.forEach((t, i) => {
    if (t.kind !== 'word' || !DUCKDB_ONLY_KEYWORDS.has(t.text.toLowerCase())) return;
    if (usedAsIdentifier(tokens, i)) {
      inserts.push({ at: t.start, text: '"' }, { at: t.start + t.text.length, text: '"' });
    }
  });
  return applyInserts(sql, inserts);
}

function usedAsIdentifier(tokens: readonly Token[], i: number): boolean {
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  const word = tokens[i]?.text.toLowerCase();
  if (prev?.text === '.') return true;
  if (next?.text === '.') return true;
  if (!prev || !isOneOf(prev, BEFORE_OPERAND_WORDS, BEFORE_OPERAND_SYMBOLS)) return false;
  // A subscript follows an identifier (`map['k']`), except in the ARRAY[...] constructor.
  const subscript = next?.text === '[' && word !== 'array';
  if (next && !subscript && !isOneOf(next, AFTER_OPERAND_WORDS, AFTER_OPERAND_SYMBOLS)) return false;
  // `x AT TIME ZONE 'UTC'`; types in a cast (`AS array<integer>`); trim(BOTH FROM s).
  if (word === 'at' && next?.kind === 'word' && next.text.toUpperCase() === 'TIME') return false;
  if ((word === 'array' || word === 'map') && next?.text === '<') return false;
  const fn = tokens[i - 2];
  if (prev.text === '(' && fn?.kind === 'word' && fn.text.toLowerCase() === 'trim') return false;
  return true;
}

function isOneOf(t: Token, words: ReadonlySet<string>, symbols: ReadonlySet<string>): boolean {
  if (t.kind === 'word') return words.has(t.text.toUpperCase());
  return t.kind === 'symbol' && symbols.has(t.text);
}
