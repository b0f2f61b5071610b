import type { StatementType } from '@aws-sdk/client-athena';

/**
 * What kind of statement a query is, read from its leading keywords (comments and whitespace skipped), as
 * Athena reports it before the query has run: StatementType and SubstatementType, which also choose the name
 * of the result object (`<id>.csv` for DML, `<id>.txt` for DDL and UTILITY).
 */
export interface StatementKind {
  statementType: StatementType;
  substatementType: string | undefined;
}

/** Leading words (upper case) → kind. The longest matching prefix wins. */
const KINDS: ReadonlyArray<readonly [string, StatementType, string]> = [
  ['SELECT', 'DML', 'SELECT'],
  ['WITH', 'DML', 'SELECT'],
  ['VALUES', 'DML', 'SELECT'],
  ['TABLE', 'DML', 'SELECT'],
  ['INSERT INTO', 'DML', 'INSERT'],
  ['UPDATE', 'DML', 'UPDATE'],
  ['DELETE', 'DML', 'DELETE'],
  ['MERGE', 'DML', 'MERGE'],
  ['UNLOAD', 'DML', 'UNLOAD'],
  ['EXECUTE', 'DML', 'EXECUTE'],
  ['EXPLAIN', 'UTILITY', 'EXPLAIN'],
  ['DESCRIBE', 'UTILITY', 'DESCRIBE_TABLE'],
  ['DESC', 'UTILITY', 'DESCRIBE_TABLE'],
  ['SHOW TABLES', 'UTILITY', 'SHOW_TABLES'],
  ['SHOW DATABASES', 'UTILITY', 'SHOW_DATABASES'],
  ['SHOW SCHEMAS', 'UTILITY', 'SHOW_DATABASES'],
  ['SHOW COLUMNS', 'UTILITY', 'SHOW_COLUMNS'],
  ['SHOW PARTITIONS', 'UTILITY', 'SHOW_PARTITIONS'],
  ['SHOW CREATE TABLE', 'UTILITY', 'SHOW_CREATE_TABLE'],
  ['SHOW CREATE VIEW', 'UTILITY', 'SHOW_CREATE_VIEW'],
  ['SHOW TBLPROPERTIES', 'UTILITY', 'SHOW_TBLPROPERTIES'],
  ['SHOW VIEWS', 'UTILITY', 'SHOW_VIEWS'],
  ['SHOW FUNCTIONS', 'UTILITY', 'SHOW_FUNCTIONS'],
  ['SHOW', 'UTILITY', 'SHOW'],
  ['CREATE DATABASE', 'DDL', 'CREATE_DATABASE'],
  ['CREATE SCHEMA', 'DDL', 'CREATE_DATABASE'],
  ['CREATE EXTERNAL TABLE', 'DDL', 'CREATE_TABLE'],
  ['CREATE TABLE', 'DDL', 'CREATE_TABLE'],
  ['CREATE VIEW', 'DDL', 'CREATE_VIEW'],
  ['CREATE OR REPLACE VIEW', 'DDL', 'CREATE_VIEW'],
  ['DROP DATABASE', 'DDL', 'DROP_DATABASE'],
  ['DROP SCHEMA', 'DDL', 'DROP_DATABASE'],
  ['DROP TABLE', 'DDL', 'DROP_TABLE'],
  ['DROP VIEW', 'DDL', 'DROP_VIEW'],
  ['ALTER TABLE', 'DDL', 'ALTER_TABLE'],
  ['MSCK REPAIR TABLE', 'DDL', 'MSCK_REPAIR_TABLE'],
  ['PREPARE', 'UTILITY', 'PREPARE'],
  ['DEALLOCATE PREPARE', 'UTILITY', 'DEALLOCATE'],
];

/** The SQL with leading whitespace and comments (`-- ...`, `/* ... *\/`) removed. */
export function stripLeadingComments(sql: string): string {
  let s = sql;
  for (;;) {
    const t = s.trimStart();
    if (t.startsWith('--')) {
      const nl = t.indexOf('\n');
      s = nl < 0 ? '' : t.slice(nl + 1);
    } else if (t.startsWith('/*')) {
      const end = t.indexOf('*/');
      s = end < 0 ? '' : t.slice(end + 2);
    } else {
      return t;
    }
  }
}

export function classifyStatement(sql: string): StatementKind {
  const words = stripLeadingComments(sql).replace(/^\(+/, '').split(/\s+/, 4).join(' ').toUpperCase();
  let best: readonly [string, StatementType, string] | undefined;
  for (const kind of KINDS) {
    const prefix = kind[0];
    const matches = words === prefix || words.startsWith(`${prefix} `) || words.startsWith(`${prefix}(`);
    if (matches && (!best || prefix.length > best[0].length)) best = kind;
  }
  // CREATE TABLE ... AS SELECT is DDL with its own subtype.
  if (best?.[2] === 'CREATE_TABLE' && /\bAS\s*\(?\s*(SELECT|WITH|VALUES)\b/i.test(sql)) {
    return { statementType: 'DDL', substatementType: 'CREATE_TABLE_AS_SELECT' };
  }
  return best
    ? { statementType: best[1], substatementType: best[2] }
    : { statementType: 'DML', substatementType: undefined };
}

/** `EXECUTE name` or `EXECUTE name USING v1, v2`: the prepared statement's name and its parameters as SQL text. */
export interface ExecuteStatement {
  name: string;
  parameters: string[];
}

export function parseExecute(sql: string): ExecuteStatement | undefined {
  const text = stripLeadingComments(sql).replace(/;\s*$/, '').trim();
  const m = /^EXECUTE\s+("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_@:]*)(?:\s+USING\s+([\s\S]+))?$/i.exec(text);
  if (!m) return undefined;
  const rawName = m[1] ?? '';
  const name = rawName.startsWith('"') ? rawName.slice(1, -1).replace(/""/g, '"') : rawName;
  return { name, parameters: m[2] === undefined ? [] : splitTopLevel(m[2]) };
}

/** Split on commas outside quotes and parentheses: `1, 'a,b', f(2, 3)` → three values. */
export function splitTopLevel(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (quote) {
      if (c === quote) {
        if (list[i + 1] === quote) i++;
        else quote = undefined;
      }
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(list.slice(start).trim());
  return out.filter((v) => v !== '');
}
