/**
 * Athena's DDL and write statements, parsed from tokens into plain data. The grammar is Athena's (Hive DDL
 * for tables and databases, Trino for views, CTAS and INSERT); the query part of a CTAS, INSERT or view is
 * located here and parsed later by DuckDB like any query.
 */
import { userError } from '../errors.js';
import type { Token } from '../tokens.js';
import { Cursor } from './cursor.js';

export interface TableName {
  catalog: string;
  schema: string;
  name: string;
  /** Offset in the SQL text (for error positions). */
  at: number;
}

export interface ColumnDef {
  name: string;
  /** Hive type text, lower case, e.g. `array<struct<a:int>>`. */
  type: string;
  comment?: string;
}

export type RowFormat =
  | {
      kind: 'delimited';
      fields?: string;
      escape?: string;
      collection?: string;
      mapKeys?: string;
      lines?: string;
      nullAs?: string;
      /** `WITH SERDEPROPERTIES` given after the delimiters (values as written). */
      properties?: Record<string, string>;
    }
  | { kind: 'serde'; library: string; properties: Record<string, string> };

export type StoredAs = { kind: 'named'; format: string } | { kind: 'formats'; input: string; output: string };

/** A CTAS `WITH (...)` value: a literal, or an `ARRAY[...]` of literals. */
export type PropertyValue = string | string[];

export type DdlStatement =
  | {
      kind: 'createDatabase';
      name: string;
      ifNotExists: boolean;
      comment?: string;
      location?: string;
      properties: Record<string, string>;
    }
  | { kind: 'dropDatabase'; name: string; ifExists: boolean; cascade: boolean }
  | {
      kind: 'createTable';
      table: TableName;
      external: boolean;
      ifNotExists: boolean;
      columns: ColumnDef[];
      comment?: string;
      partitionKeys: ColumnDef[];
      buckets?: { columns: string[]; count: number };
      rowFormat?: RowFormat;
      storedAs?: StoredAs;
      location?: string;
      tblProperties: Record<string, string>;
    }
  | { kind: 'dropTable'; table: TableName; ifExists: boolean }
  | {
      kind: 'addPartitions';
      table: TableName;
      ifNotExists: boolean;
      partitions: Array<{ values: Array<[string, string]>; location?: string }>;
    }
  | { kind: 'dropPartitions'; table: TableName; ifExists: boolean; partitions: Array<Array<[string, string]>> }
  | { kind: 'setTblProperties'; table: TableName; properties: Record<string, string> }
  | { kind: 'setLocation'; table: TableName; location: string }
  | { kind: 'addColumns'; table: TableName; columns: ColumnDef[]; replace: boolean }
  | { kind: 'msck'; table: TableName }
  | { kind: 'createView'; view: TableName; orReplace: boolean; query: QueryPart }
  | { kind: 'dropView'; view: TableName; ifExists: boolean }
  | {
      kind: 'ctas';
      table: TableName;
      ifNotExists: boolean;
      properties: Record<string, PropertyValue>;
      query: QueryPart;
      withData: boolean;
    }
  | { kind: 'insert'; table: TableName; columns: string[] | undefined; query: QueryPart };

/** Where the query of a CTAS / INSERT / view lies in the SQL text. */
export interface QueryPart {
  start: number;
  end: number;
}

/** The query of a statement as SQL of the same length, everything else blanked (positions stay the user's). */
export function querySql(sql: string, part: QueryPart): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return blank(sql.slice(0, part.start)) + sql.slice(part.start, part.end);
}

export function parseDdl(sql: string, tokens: readonly Token[]): DdlStatement {
  const c = new Cursor(sql, tokens);
  if (c.acceptWords('CREATE')) return parseCreate(c);
  if (c.acceptWords('DROP')) return parseDrop(c);
  if (c.acceptWords('ALTER')) return parseAlter(c);
  if (c.acceptWords('MSCK')) {
    c.expectWords('REPAIR', 'TABLE');
    const table = c.qualifiedName();
    c.expectEnd();
    return { kind: 'msck', table };
  }
  if (c.acceptWords('INSERT')) {
    c.expectWords('INTO');
    const table = c.qualifiedName();
    let columns: string[] | undefined;
    // `INSERT INTO t (a, b) SELECT ...`; `INSERT INTO t (SELECT ...)` is a parenthesized query.
    if (c.isSymbol('(') && !c.peek(1)?.text.match(/^(select|with|values|table)$/i)) {
      c.expectSymbol('(');
      columns = [];
      do columns.push(c.identifier());
      while (c.acceptSymbol(','));
      c.expectSymbol(')');
    }
    return { kind: 'insert', table, columns, query: rest(c) };
  }
  throw c.error("'CREATE', 'DROP', 'ALTER', 'MSCK', 'INSERT'");
}

function rest(c: Cursor): QueryPart {
  const start = c.offset();
  if (c.atEnd()) throw c.error('<query>');
  let end = c.sql.length;
  const last = c.tokens[c.tokens.length - 1];
  if (last?.kind === 'symbol' && last.text === ';') end = last.start;
  return { start, end };
}

function ifNotExists(c: Cursor): boolean {
  return c.acceptWords('IF', 'NOT', 'EXISTS');
}

function ifExists(c: Cursor): boolean {
  return c.acceptWords('IF', 'EXISTS');
}

function parseCreate(c: Cursor): DdlStatement {
  if (c.acceptWords('DATABASE') || c.acceptWords('SCHEMA')) {
    const ine = ifNotExists(c);
    const name = c.identifier();
    const out: DdlStatement = { kind: 'createDatabase', name, ifNotExists: ine, properties: {} };
    for (;;) {
      if (c.acceptWords('COMMENT')) out.comment = c.string();
      else if (c.acceptWords('LOCATION')) out.location = c.string();
      else if (c.acceptWords('WITH', 'DBPROPERTIES')) out.properties = c.properties();
      else break;
    }
    c.expectEnd();
    return out;
  }
  const orReplace = c.acceptWords('OR', 'REPLACE');
  if (c.acceptWords('VIEW')) {
    const view = c.qualifiedName();
    c.expectWords('AS');
    return { kind: 'createView', view, orReplace, query: rest(c) };
  }
  if (orReplace) throw c.error("'VIEW'");
  const external = c.acceptWords('EXTERNAL');
  c.expectWords('TABLE');
  const ine = ifNotExists(c);
  const table = c.qualifiedName();
  if (!external && (c.isWord('WITH') || c.isWord('AS'))) return parseCtas(c, table, ine);
  return parseCreateTable(c, table, external, ine);
}

function parseCtas(c: Cursor, table: TableName, ine: boolean): DdlStatement {
  const properties: Record<string, PropertyValue> = {};
  if (c.acceptWords('WITH')) {
    c.expectSymbol('(');
    do {
      const key = c.identifier();
      c.expectSymbol('=');
      if (c.acceptWords('ARRAY')) {
        c.expectSymbol('[');
        const items: string[] = [];
        if (!c.isSymbol(']')) {
          do items.push(c.literal());
          while (c.acceptSymbol(','));
        }
        c.expectSymbol(']');
        properties[key.toLowerCase()] = items;
      } else {
        properties[key.toLowerCase()] = c.literal();
      }
    } while (c.acceptSymbol(','));
    c.expectSymbol(')');
  }
  c.expectWords('AS');
  const query = rest(c);
  // A trailing `WITH [NO] DATA` belongs to the CTAS, not to the query.
  let withData = true;
  const tokens = c.tokens;
  let n = tokens.length;
  if (tokens[n - 1]?.text === ';') n--;
  const word = (k: number) => (tokens[k]?.kind === 'word' ? (tokens[k]?.text.toUpperCase() ?? '') : '');
  if (word(n - 1) === 'DATA' && word(n - 2) === 'NO' && word(n - 3) === 'WITH') {
    withData = false;
    query.end = tokens[n - 3]?.start ?? query.end;
  } else if (word(n - 1) === 'DATA' && word(n - 2) === 'WITH') {
    query.end = tokens[n - 2]?.start ?? query.end;
  }
  return { kind: 'ctas', table, ifNotExists: ine, properties, query, withData };
}

function parseCreateTable(c: Cursor, table: TableName, external: boolean, ine: boolean): DdlStatement {
  const out: Extract<DdlStatement, { kind: 'createTable' }> = {
    kind: 'createTable',
    table,
    external,
    ifNotExists: ine,
    columns: [],
    partitionKeys: [],
    tblProperties: {},
  };
  if (c.isSymbol('(')) out.columns = columnList(c);
  for (;;) {
    if (c.acceptWords('COMMENT')) out.comment = c.string();
    else if (c.acceptWords('PARTITIONED', 'BY')) out.partitionKeys = columnList(c);
    else if (c.acceptWords('CLUSTERED', 'BY')) {
      const columns = nameList(c);
      if (c.acceptWords('SORTED', 'BY')) nameList(c);
      c.expectWords('INTO');
      const count = Number(c.literal());
      c.expectWords('BUCKETS');
      out.buckets = { columns, count };
    } else if (c.acceptWords('ROW', 'FORMAT')) out.rowFormat = rowFormat(c);
    else if (c.acceptWords('STORED', 'AS')) {
      if (c.acceptWords('INPUTFORMAT')) {
        const input = c.string();
        c.expectWords('OUTPUTFORMAT');
        out.storedAs = { kind: 'formats', input, output: c.string() };
      } else {
        out.storedAs = { kind: 'named', format: c.identifier().toUpperCase() };
      }
    } else if (c.acceptWords('WITH', 'SERDEPROPERTIES')) {
      const props = c.properties();
      if (out.rowFormat?.kind === 'serde') Object.assign(out.rowFormat.properties, props);
      if (out.rowFormat?.kind === 'delimited') out.rowFormat.properties = { ...out.rowFormat.properties, ...props };
    } else if (c.acceptWords('LOCATION')) out.location = c.string();
    else if (c.acceptWords('TBLPROPERTIES')) out.tblProperties = c.properties();
    else break;
  }
  c.expectEnd();
  return out;
}

function rowFormat(c: Cursor): RowFormat {
  if (c.acceptWords('SERDE')) {
    const library = c.string();
    const properties = c.acceptWords('WITH', 'SERDEPROPERTIES') ? c.properties() : {};
    return { kind: 'serde', library, properties };
  }
  c.expectWords('DELIMITED');
  const out: Extract<RowFormat, { kind: 'delimited' }> = { kind: 'delimited' };
  // Hive reads the delimiters with its string escapes (`'\t'` is a tab, `'\001'` and `'\u0001'` are U+0001).
  const delimiter = () => unescapeHiveString(c.string());
  for (;;) {
    if (c.acceptWords('FIELDS', 'TERMINATED', 'BY')) {
      out.fields = delimiter();
      if (c.acceptWords('ESCAPED', 'BY')) out.escape = delimiter();
    } else if (c.acceptWords('COLLECTION', 'ITEMS', 'TERMINATED', 'BY')) out.collection = delimiter();
    else if (c.acceptWords('MAP', 'KEYS', 'TERMINATED', 'BY')) out.mapKeys = delimiter();
    else if (c.acceptWords('LINES', 'TERMINATED', 'BY')) out.lines = delimiter();
    else if (c.acceptWords('NULL', 'DEFINED', 'AS')) out.nullAs = delimiter();
    else break;
  }
  return out;
}

const HIVE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  b: '\b',
  n: '\n',
  r: '\r',
  t: '\t',
  Z: '\u001a',
  '%': '\\%',
  _: '\\_',
};

/**
 * Hive's `unescapeSQLString` on a string's content: `\uXXXX`, octal `\[01][0-7][0-7]` (one byte), `\n`,
 * `\t`, `\r`, `\b`, `\0`, `\Z`; any other escaped character stands for itself (`\\` is a backslash).
 */
export function unescapeHiveString(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch !== '\\' || i + 1 >= text.length) {
      out += ch;
      continue;
    }
    const unicode = /^u([0-9a-fA-F]{4})/.exec(text.slice(i + 1, i + 6));
    if (unicode) {
      out += String.fromCharCode(Number.parseInt(unicode[1] ?? '0', 16));
      i += 5;
      continue;
    }
    const octal = /^[01][0-7][0-7]/.exec(text.slice(i + 1, i + 4));
    if (octal) {
      out += String.fromCharCode(Number.parseInt(octal[0], 8) & 0xff);
      i += 3;
      continue;
    }
    const next = text[i + 1] ?? '';
    out += HIVE_ESCAPES[next] ?? next;
    i++;
  }
  return out;
}

function nameList(c: Cursor): string[] {
  c.expectSymbol('(');
  const names: string[] = [];
  do names.push(c.identifier());
  while (c.acceptSymbol(','));
  c.expectSymbol(')');
  return names;
}

/** `(name type [COMMENT 'x'], ...)`. */
function columnList(c: Cursor): ColumnDef[] {
  c.expectSymbol('(');
  const columns: ColumnDef[] = [];
  do {
    const name = c.identifier();
    const type = typeText(c);
    const column: ColumnDef = { name, type };
    if (c.acceptWords('COMMENT')) column.comment = c.string();
    columns.push(column);
  } while (c.acceptSymbol(','));
  c.expectSymbol(')');
  return columns;
}

/** A Hive type's text up to the next `,` / `)` / COMMENT outside brackets, lower case, no spaces. */
function typeText(c: Cursor): string {
  let depth = 0;
  let text = '';
  for (;;) {
    const t = c.peek();
    if (!t) throw c.error("')'");
    if (depth === 0 && (t.text === ',' || t.text === ')')) break;
    if (depth === 0 && t.kind === 'word' && t.text.toUpperCase() === 'COMMENT') break;
    if (t.text === '<' || t.text === '(') depth++;
    if (t.text === '>' || t.text === ')') depth--;
    if (t.kind === 'quoted') text += t.text.slice(1, -1).toLowerCase();
    else text += t.text.toLowerCase();
    c.i++;
  }
  if (text === '') throw c.error('<type>');
  return text;
}

function parseDrop(c: Cursor): DdlStatement {
  if (c.acceptWords('DATABASE') || c.acceptWords('SCHEMA')) {
    const ie = ifExists(c);
    const name = c.identifier();
    const cascade = c.acceptWords('CASCADE');
    if (!cascade) c.acceptWords('RESTRICT');
    c.expectEnd();
    return { kind: 'dropDatabase', name, ifExists: ie, cascade };
  }
  if (c.acceptWords('VIEW')) {
    const ie = ifExists(c);
    const view = c.qualifiedName();
    c.expectEnd();
    return { kind: 'dropView', view, ifExists: ie };
  }
  c.acceptWords('EXTERNAL');
  if (c.acceptWords('TABLE')) {
    const ie = ifExists(c);
    const table = c.qualifiedName();
    c.acceptWords('PURGE');
    c.expectEnd();
    return { kind: 'dropTable', table, ifExists: ie };
  }
  throw c.error("'DATABASE', 'SCHEMA', 'TABLE', 'VIEW'");
}

function partitionSpec(c: Cursor): Array<[string, string]> {
  c.expectSymbol('(');
  const values: Array<[string, string]> = [];
  do {
    const key = c.identifier();
    c.expectSymbol('=');
    values.push([key, c.literal()]);
  } while (c.acceptSymbol(','));
  c.expectSymbol(')');
  return values;
}

function parseAlter(c: Cursor): DdlStatement {
  c.expectWords('TABLE');
  const table = c.qualifiedName();
  if (c.acceptWords('ADD')) {
    if (c.acceptWords('COLUMNS')) {
      const columns = columnList(c);
      c.expectEnd();
      return { kind: 'addColumns', table, columns, replace: false };
    }
    const ine = ifNotExists(c);
    const partitions: Array<{ values: Array<[string, string]>; location?: string }> = [];
    while (c.acceptWords('PARTITION')) {
      const values = partitionSpec(c);
      partitions.push(c.acceptWords('LOCATION') ? { values, location: c.string() } : { values });
    }
    if (partitions.length === 0) throw c.error("'PARTITION', 'COLUMNS'");
    c.expectEnd();
    return { kind: 'addPartitions', table, ifNotExists: ine, partitions };
  }
  if (c.acceptWords('REPLACE', 'COLUMNS')) {
    const columns = columnList(c);
    c.expectEnd();
    return { kind: 'addColumns', table, columns, replace: true };
  }
  if (c.acceptWords('DROP')) {
    const ie = ifExists(c);
    const partitions: Array<Array<[string, string]>> = [];
    do {
      c.expectWords('PARTITION');
      partitions.push(partitionSpec(c));
    } while (c.acceptSymbol(','));
    c.expectEnd();
    return { kind: 'dropPartitions', table, ifExists: ie, partitions };
  }
  if (c.acceptWords('SET', 'TBLPROPERTIES')) {
    const properties = c.properties();
    c.expectEnd();
    return { kind: 'setTblProperties', table, properties };
  }
  if (c.acceptWords('SET', 'LOCATION')) {
    const location = c.string();
    c.expectEnd();
    return { kind: 'setLocation', table, location };
  }
  throw userError('NOT_SUPPORTED', 'This ALTER TABLE statement is not supported by lakebox yet');
}
