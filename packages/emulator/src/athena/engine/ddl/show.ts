/**
 * The SHOW statements that read back what DDL wrote: SHOW CREATE TABLE (Hive's text, which recreates the
 * same Glue table), SHOW CREATE VIEW, SHOW VIEWS [IN db] [LIKE 'p'], SHOW TBLPROPERTIES t [('name')].
 * `show.ts` hands these over; the others stay there.
 */
import { writeFileSync } from 'node:fs';
import type { ColumnInfo } from '@aws-sdk/client-athena';
import { VARCHAR } from '@duckdb/node-api';
import type { Lakebox } from '../../../context.js';
import { DEFAULT_CATALOG, resolveTable } from '../catalog.js';
import { userError } from '../errors.js';
import { prestoView } from '../presto-view.js';
import { columnInfo } from '../results.js';
import type { Token } from '../tokens.js';
import { Cursor } from './cursor.js';
import { showCreateTable } from './table-input.js';

interface ShowQuery {
  sql: string;
  account: string;
  region: string;
  catalog: string;
  database: string | undefined;
  resultFile: string;
}

type Shown = { columns: ColumnInfo[]; rowCount: number };

/** Handles the statement when it is one of these SHOW forms; undefined otherwise. */
export function showDdl(lakebox: Lakebox, q: ShowQuery, tokens: readonly Token[]): Shown | undefined {
  const c = new Cursor(q.sql, tokens);
  c.expectWords('SHOW');
  const scope = { account: q.account, region: q.region };
  const table = () => {
    const n = c.qualifiedName();
    const ref = { catalog: n.catalog, schema: n.schema, table: n.name, at: n.at };
    return resolveTable(lakebox.db, scope, ref, { catalog: q.catalog, database: q.database }, q.sql);
  };
  if (c.acceptWords('CREATE', 'TABLE')) {
    const t = table();
    c.expectEnd();
    if (t.table.TableType === 'VIRTUAL_VIEW') {
      throw userError('NOT_SUPPORTED', `${t.database}.${t.name} is a view: use SHOW CREATE VIEW`);
    }
    return write(
      q.resultFile,
      ['createtab_stmt'],
      showCreateTable(t.database, t.table).map((l) => [l]),
    );
  }
  if (c.acceptWords('CREATE', 'VIEW')) {
    const t = table();
    c.expectEnd();
    const qualified = `${DEFAULT_CATALOG}.${t.database}.${t.name}`;
    if (t.table.TableType !== 'VIRTUAL_VIEW') {
      throw userError('NOT_SUPPORTED', `Relation '${qualified}' is a table, not a view`);
    }
    const view = prestoView(t.table, qualified);
    const text = `CREATE VIEW ${qualified} AS\n${view.originalSql}`;
    return write(
      q.resultFile,
      ['Create View'],
      text.split('\n').map((l) => [l]),
    );
  }
  if (c.acceptWords('VIEWS')) {
    let database = q.database ?? 'default';
    if (c.acceptWords('IN') || c.acceptWords('FROM')) database = c.identifier();
    let like: RegExp | undefined;
    if (c.acceptWords('LIKE')) like = likeRegExp(c.string());
    c.expectEnd();
    const names = (
      lakebox.db
        .prepare(
          `SELECT name FROM glue_tables WHERE account = ? AND region = ? AND database_name = ?
           AND json_extract(doc, '$.TableType') = 'VIRTUAL_VIEW' ORDER BY name`,
        )
        .pluck()
        .all(q.account, q.region, database.toLowerCase()) as string[]
    ).filter((n) => !like || like.test(n));
    return write(
      q.resultFile,
      ['views'],
      names.map((n) => [n]),
    );
  }
  if (c.acceptWords('TBLPROPERTIES')) {
    const t = table();
    let only: string | undefined;
    if (c.acceptSymbol('(')) {
      only = c.string();
      c.expectSymbol(')');
    }
    c.expectEnd();
    const params = Object.entries(t.table.Parameters ?? {}).filter(([k]) => only === undefined || k === only);
    return write(q.resultFile, ['prpt_name', 'prpt_value'], params);
  }
  return undefined;
}

/** Athena's LIKE for SHOW: `*` any characters, `|` alternatives, case-insensitive. */
function likeRegExp(pattern: string): RegExp {
  const alternatives = pattern.split('|').map((alt) =>
    alt
      .trim()
      .replace(/[.+?^${}()[\]\\]/g, '\\$&')
      .replaceAll('*', '.*'),
  );
  return new RegExp(`^(?:${alternatives.join('|')})$`, 'i');
}

function write(file: string, header: readonly string[], rows: readonly (readonly string[])[]): Shown {
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const lines = [header, ...rows].map((r) => `${r.map(quote).join(',')}\n`);
  writeFileSync(file, lines.join(''));
  return { columns: header.map((h) => columnInfo(h, VARCHAR)), rowCount: rows.length };
}
