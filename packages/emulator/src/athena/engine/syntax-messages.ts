/**
 * DuckDB's parser errors in the words of Trino's (`line 1:8: mismatched input 'FROM'. Expecting: '*', 'ALL',
 * 'DISTINCT', <expression>`). Trino's ANTLR parser lists the tokens its grammar allows at the failing token;
 * lakebox has no such grammar, so the list is chosen from the token before it, for the common cases:
 * a missing expression, a missing table, a clause keyword out of place, and the end of the text.
 */
import type { Token } from './tokens.js';

/** Where an expression is expected: after these words and symbols. */
const BEFORE_EXPRESSION = new Set([
  'DISTINCT',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'ON',
  'HAVING',
  'WHEN',
  'THEN',
  'ELSE',
  'CASE',
  'BY',
  'LIKE',
  'BETWEEN',
  'IS',
  '(',
  ',',
  '=',
  '<',
  '>',
  '<=',
  '>=',
  '<>',
  '!=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '||',
]);

const AFTER_SELECT = "'*', 'ALL', 'DISTINCT', <expression>";
const AFTER_FROM = "'(', 'LATERAL', 'UNNEST', <identifier>";
/** After a table in FROM (Trino's list for `SELECT * FROM t;`). */
const AFTER_TABLE =
  "'(', ',', 'CROSS', 'EXCEPT', 'FETCH', 'FULL', 'GROUP', 'HAVING', 'INNER', 'INTERSECT', 'JOIN', 'LEFT', " +
  "'LIMIT', 'MATCH_RECOGNIZE', 'NATURAL', 'OFFSET', 'ORDER', 'RIGHT', 'TABLESAMPLE', 'UNION', 'WHERE', 'WINDOW', <EOF>";
/** After a WHERE condition. */
const AFTER_CONDITION =
  "'AND', 'EXCEPT', 'FETCH', 'GROUP', 'HAVING', 'INTERSECT', 'LIMIT', 'OFFSET', 'OR', 'ORDER', 'UNION', <EOF>";
/** After an item of the select list. */
const AFTER_SELECT_ITEM =
  "',', 'EXCEPT', 'FETCH', 'FROM', 'GROUP', 'HAVING', 'INTERSECT', 'LIMIT', 'OFFSET', 'ORDER', 'UNION', 'WHERE', 'WINDOW', <EOF>";

/**
 * Trino's message for a syntax error at the token starting at `offset` of `sql` (`offset` at or past the
 * last token: the end of the text).
 */
export function mismatchedInput(tokens: readonly Token[], offset: number): string {
  const at = tokens.findIndex((t) => t.start >= offset);
  const token = at >= 0 ? tokens[at] : undefined;
  const before = tokens.slice(0, at >= 0 ? at : tokens.length);
  const shown = token ? token.text : '<EOF>';
  return `mismatched input '${shown}'. Expecting: ${expecting(before)}`;
}

function expecting(before: readonly Token[]): string {
  const prev = before[before.length - 1];
  const word = (t: Token | undefined) => (t === undefined ? '' : t.kind === 'word' ? t.text.toUpperCase() : t.text);
  const last = word(prev);
  if (last === 'SELECT') return AFTER_SELECT;
  if (last === 'FROM' || last === 'JOIN') return AFTER_FROM;
  if (last === 'GROUP' || last === 'ORDER') return "'BY'";
  if (last === 'LIMIT') return "'ALL', <integer>";
  if (BEFORE_EXPRESSION.has(last)) return '<expression>';
  // Which clause the failing token is in: the last clause keyword before it, outside parentheses.
  let depth = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    const w = word(before[i]);
    if (w === ')') depth++;
    else if (w === '(') {
      if (depth === 0) return "')', ','";
      depth--;
    } else if (depth === 0 && w === 'WHERE') return AFTER_CONDITION;
    else if (depth === 0 && (w === 'FROM' || w === 'JOIN')) return AFTER_TABLE;
    else if (depth === 0 && w === 'SELECT') return AFTER_SELECT_ITEM;
  }
  return '<query>';
}
