/**
 * Trino writes a one-column VALUES list without parentheses (`VALUES 1, 2, 3` is three rows); DuckDB
 * needs `VALUES (1), (2), (3)`. This adds the parentheses, working on tokens (never inside literals),
 * and maps positions in the result back to the user's text for error messages.
 */
import type { Token } from './tokens.js';

export interface Normalized {
  sql: string;
  /** Offset in the user's SQL of an offset in `sql`. */
  original(offset: number): number;
}

const LIST_ENDS = new Set([
  'FROM',
  'WHERE',
  'GROUP',
  'HAVING',
  'ORDER',
  'LIMIT',
  'OFFSET',
  'FETCH',
  'UNION',
  'EXCEPT',
  'INTERSECT',
  'WINDOW',
]);

export function parenthesizeValues(sql: string, tokens: readonly Token[]): Normalized {
  const inserts: Array<{ at: number; text: string }> = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t?.kind !== 'word' || t.text.toUpperCase() !== 'VALUES') continue;
    let start = i + 1;
    let depth = 0;
    for (let j = start; j <= tokens.length; j++) {
      const tok = tokens[j];
      const text = tok?.text ?? '';
      const upper = tok?.kind === 'word' ? text.toUpperCase() : '';
      const ends = tok === undefined || (depth === 0 && (text === ')' || text === ';' || LIST_ENDS.has(upper)));
      if (ends || (depth === 0 && text === ',')) {
        if (j > start && !isOneGroup(tokens, start, j - 1)) {
          const first = tokens[start];
          const last = tokens[j - 1];
          if (first && last) {
            inserts.push({ at: first.start, text: '(' }, { at: last.start + last.text.length, text: ')' });
          }
        }
        if (ends) break;
        start = j + 1;
      } else if (text === '(') depth++;
      else if (text === ')') depth--;
    }
  }
  return applyInserts(sql, inserts);
}

/** `sql` with texts inserted at offsets, and the map from offsets in the result back to offsets in `sql`. */
export function applyInserts(sql: string, inserts: Array<{ at: number; text: string }>): Normalized {
  if (inserts.length === 0) return { sql, original: (offset) => offset };
  inserts.sort((a, b) => a.at - b.at);
  let out = '';
  let last = 0;
  for (const ins of inserts) {
    out += sql.slice(last, ins.at) + ins.text;
    last = ins.at;
  }
  out += sql.slice(last);
  return {
    sql: out,
    original: (offset) => {
      let shift = 0;
      for (const ins of inserts) {
        if (offset < ins.at + shift) break;
        shift += ins.text.length;
        if (offset < ins.at + shift) return ins.at;
      }
      return offset - shift;
    },
  };
}

/** Whether tokens[from..to] is one parenthesized group. */
function isOneGroup(tokens: readonly Token[], from: number, to: number): boolean {
  if (tokens[from]?.text !== '(' || tokens[to]?.text !== ')') return false;
  let depth = 0;
  for (let k = from; k <= to; k++) {
    const text = tokens[k]?.text;
    if (text === '(') depth++;
    if (text === ')') depth--;
    if (depth === 0 && k < to) return false;
  }
  return true;
}
