/**
 * What kind of statement a query is, from its first words, and how Trino's grammar rejects one that is not
 * a statement at all. DDL, CTAS and INSERT are `ddl` (parsed by `ddl/parse.ts`). Statements Trino (Athena)
 * has but lakebox does not run yet are NOT_SUPPORTED; any other first word (a typo such as `SELEC`, or
 * DuckDB's own COPY, ATTACH, INSTALL, LOAD, PRAGMA, EXPORT...) is a SYNTAX_ERROR at that word, as Trino's
 * parser reports it.
 */
import { type EngineError, lineColumn, userError } from './errors.js';
import type { Token } from './tokens.js';

export type StatementKind = 'query' | 'show' | 'describe' | 'explain' | 'ddl';

/** Statements `ddl/run.ts` runs: catalog DDL, CTAS and INSERT INTO (it parses them and reports their syntax errors). */
const DDL_KEYWORDS = new Set(['CREATE', 'DROP', 'ALTER', 'MSCK', 'INSERT']);

const QUERY_KEYWORDS = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE']);

/** Trino statements lakebox does not run yet, each with the words that may follow it (any when absent). */
const OTHER_STATEMENTS: Readonly<Record<string, readonly string[] | undefined>> = {
  ALTER: undefined,
  ANALYZE: undefined,
  CALL: undefined,
  COMMENT: undefined,
  COMMIT: undefined,
  CREATE: undefined,
  DEALLOCATE: undefined,
  DELETE: undefined,
  DENY: undefined,
  DROP: undefined,
  EXECUTE: undefined,
  GRANT: undefined,
  INSERT: undefined,
  MERGE: undefined,
  MSCK: undefined,
  PREPARE: undefined,
  REFRESH: undefined,
  RESET: ['SESSION'],
  REVOKE: undefined,
  ROLLBACK: undefined,
  SET: ['SESSION', 'ROLE', 'TIME', 'PATH', 'AUTHORIZATION'],
  START: ['TRANSACTION'],
  TRUNCATE: undefined,
  UNLOAD: undefined,
  UPDATE: undefined,
  USE: undefined,
};

/** The words that can start a statement, as Trino's "Expecting: ..." lists them (a query is `<query>`). */
const EXPECTING = [...Object.keys(OTHER_STATEMENTS), 'DESC', 'DESCRIBE', 'EXPLAIN', 'SHOW']
  .sort()
  .map((k) => `'${k}'`)
  .concat('<query>')
  .join(', ');

/**
 * The kind of statement `tokens` start (skipping leading parentheses); throws NOT_SUPPORTED for a Trino
 * statement lakebox does not run, SYNTAX_ERROR for anything that is not a statement.
 */
export function classifyStatement(sql: string, tokens: readonly Token[]): StatementKind {
  let i = 0;
  while (tokens[i]?.kind === 'symbol' && tokens[i]?.text === '(') i++;
  const first = tokens[i];
  const keyword = first?.kind === 'word' ? first.text.toUpperCase() : '';
  if (QUERY_KEYWORDS.has(keyword)) return 'query';
  if (keyword === 'SHOW') return 'show';
  if (keyword === 'EXPLAIN') return 'explain';
  if (keyword === 'DESCRIBE' || keyword === 'DESC') {
    const next = tokens[i + 1];
    const after = tokens[i + 2];
    const io = next?.kind === 'word' && ['INPUT', 'OUTPUT'].includes(next.text.toUpperCase());
    if (io && (after?.kind === 'word' || after?.kind === 'quoted')) {
      throw notSupported(`${keyword} ${next.text.toUpperCase()}`);
    }
    return 'describe';
  }
  if (first && i === 0 && DDL_KEYWORDS.has(keyword)) return 'ddl';
  if (first && i === 0 && keyword in OTHER_STATEMENTS) {
    const followers = OTHER_STATEMENTS[keyword];
    const next = tokens[i + 1];
    if (!followers) throw notSupported(keyword);
    if (next?.kind === 'word' && followers.includes(next.text.toUpperCase())) {
      throw notSupported(`${keyword} ${next.text.toUpperCase()}`);
    }
    throw mismatched(sql, next, followers.map((f) => `'${f}'`).join(', '));
  }
  throw mismatched(sql, first, EXPECTING);
}

function notSupported(statement: string): EngineError {
  return userError('NOT_SUPPORTED', `${statement} statements are not supported by lakebox yet`);
}

/** Trino's parser error: `line L:C: mismatched input 'x'. Expecting: ...` (`<EOF>` at the end of the text). */
function mismatched(sql: string, token: Token | undefined, expecting: string): EngineError {
  const text = token ? token.text : '<EOF>';
  const at = lineColumn(sql, token ? token.start : sql.length);
  return userError('SYNTAX_ERROR', `mismatched input '${text}'. Expecting: ${expecting}`, at);
}
