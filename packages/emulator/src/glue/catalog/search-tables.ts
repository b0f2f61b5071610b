import type { PropertyPredicate, SortCriterion, Table } from '@aws-sdk/client-glue';
import { errors } from '../../protocol/errors.js';
import { fromDoc } from '../../store/documents.js';
import type { GlueOperations } from '../operations.js';
import { decodeToken, pageSize, paginate } from '../pagination.js';
import { catalogScope } from './scope.js';

/**
 * SearchTables: the tables of every database of the catalog that match `SearchText` and all `Filters`,
 * sorted by `SortCriteria`, in pages of `MaxResults` (at most 1000).
 *
 * Matching follows the API reference: text is split into tokens on punctuation, `_` included
 * (`customer-link` -> `customer`, `link`), and a token (or the whole value) must equal the searched word,
 * ignoring case, so `link` finds `xx-link-yy` and `customer_link` but not `xxlinkyy`. `SearchText` words must all be found (in the name, database name, description, table
 * type, owner, parameter values, or a column's or partition key's name or comment); `*` in a word matches any
 * run of characters; a "quoted value" must equal a whole field. A string filter (`Name`, `DatabaseName`,
 * `Description`, `TableType`, `Owner`, `Location`, or else a table parameter key) matches by token; a time
 * filter (`CreateTime`, `UpdateTime`, `LastAccessTime`, `LastAnalyzedTime`) compares to the second with its
 * `Comparator` (EQUALS when omitted); its value is epoch seconds, epoch milliseconds or an ISO 8601 date.
 *
 * LIMITATIONS: results are not ranked by relevance: without SortCriteria they come by database, then table
 * name; text fields sort ignoring case. Nothing is shared with this account through Lake Formation, so `ResourceShareType` FOREIGN and
 * FEDERATED find nothing, and ALL finds the account's own tables.
 */

type Getter<T> = (t: Table) => T | undefined;

const STRING_FIELDS: Readonly<Record<string, Getter<string>>> = {
  name: (t) => t.Name,
  databasename: (t) => t.DatabaseName,
  description: (t) => t.Description,
  tabletype: (t) => t.TableType,
  owner: (t) => t.Owner,
  location: (t) => t.StorageDescriptor?.Location,
};

const TIME_FIELDS: Readonly<Record<string, Getter<Date>>> = {
  createtime: (t) => t.CreateTime,
  updatetime: (t) => t.UpdateTime,
  lastaccesstime: (t) => t.LastAccessTime,
  lastanalyzedtime: (t) => t.LastAnalyzedTime,
};

const SEPARATORS = /[^\p{L}\p{N}]+/u;

/** A field's tokens: the whole value and its punctuation-separated parts, in lower case. */
function tokens(value: string): string[] {
  const lower = value.toLowerCase();
  return [lower, ...lower.split(SEPARATORS).filter((t) => t !== '')];
}

/** The values SearchText looks in. */
function searchedValues(t: Table): string[] {
  const columns = [...(t.StorageDescriptor?.Columns ?? []), ...(t.PartitionKeys ?? [])];
  const values = [t.Name, t.DatabaseName, t.Description, t.TableType, t.Owner, ...Object.values(t.Parameters ?? {})];
  for (const c of columns) values.push(c.Name, c.Comment);
  return values.filter((v): v is string => typeof v === 'string' && v !== '');
}

/** One SearchText term: a quoted value must equal a whole field; a word must equal (or `*`-match) a token. */
type TermTest = (values: readonly string[]) => boolean;

function parseSearchText(text: string | undefined): TermTest[] {
  const tests: TermTest[] = [];
  for (const [, quoted, word] of (text ?? '').matchAll(/"([^"]*)"|(\S+)/g)) {
    if (quoted !== undefined) {
      const exact = quoted.toLowerCase();
      tests.push((values) => values.some((v) => v.toLowerCase() === exact));
    } else if (word !== undefined) {
      const w = word.toLowerCase();
      const source = w.split('*').map(escapeRegExp).join('.*');
      const re = new RegExp(`^${source}$`, 'su');
      tests.push((values) => values.some((v) => tokens(v).some((tok) => (w.includes('*') ? re.test(tok) : tok === w))));
    }
  }
  return tests;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Epoch seconds, epoch milliseconds or an ISO 8601 date, as whole seconds. */
function parseTime(value: string): number {
  const ms = /^\d+(\.\d+)?$/.test(value) ? Number(value) * (Number(value) > 1e11 ? 1 : 1000) : Date.parse(value);
  if (Number.isNaN(ms)) throw errors.invalidInput(`Filter value ${value} is not a time.`);
  return Math.floor(ms / 1000);
}

const COMPARE: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  EQUALS: (a, b) => a === b,
  GREATER_THAN: (a, b) => a > b,
  LESS_THAN: (a, b) => a < b,
  GREATER_THAN_EQUALS: (a, b) => a >= b,
  LESS_THAN_EQUALS: (a, b) => a <= b,
};

/** Compile one PropertyPredicate into a test on a table. */
function compileFilter(p: PropertyPredicate): (t: Table) => boolean {
  const key = p.Key ?? '';
  const value = p.Value;
  if (key === '' || value === undefined) throw errors.invalidInput('A filter needs a Key and a Value.');
  const time = TIME_FIELDS[key.toLowerCase()];
  if (time) {
    const seconds = parseTime(value);
    const compare = COMPARE[p.Comparator ?? 'EQUALS'];
    if (!compare) throw errors.invalidInput(`Unknown comparator ${p.Comparator}.`);
    return (t) => {
      const at = time(t);
      return at !== undefined && compare(Math.floor(at.getTime() / 1000), seconds);
    };
  }
  const field = STRING_FIELDS[key.toLowerCase()] ?? ((t: Table) => t.Parameters?.[key]);
  const wanted = value.toLowerCase();
  return (t) => {
    const actual = field(t);
    return actual !== undefined && tokens(actual).includes(wanted);
  };
}

/** Sort position: the sort field's value (lower case; ISO text for times; null sorts last), then database and name. */
type SortKey = [string | null, string, string];

function sortKeyGetter(criterion: SortCriterion | undefined): (t: Table) => SortKey {
  const fieldName = criterion?.FieldName;
  if (fieldName === undefined) return (t) => [null, t.DatabaseName ?? '', t.Name ?? ''];
  const lower = fieldName.toLowerCase();
  const time = TIME_FIELDS[lower];
  const text = STRING_FIELDS[lower];
  if (!time && !text) throw errors.invalidInput(`Cannot sort by ${fieldName}.`);
  return (t) => [
    (time ? time(t)?.toISOString() : text?.(t)?.toLowerCase()) ?? null,
    t.DatabaseName ?? '',
    t.Name ?? '',
  ];
}

function compareKeys(a: SortKey, b: SortKey, descending: boolean): number {
  const [va, ...ra] = a;
  const [vb, ...rb] = b;
  if (va !== vb) {
    if (va === null) return 1;
    if (vb === null) return -1;
    return (va < vb ? -1 : 1) * (descending ? -1 : 1);
  }
  const ta = ra.join('\u0000');
  const tb = rb.join('\u0000');
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

/** NextToken cursor: the sort it was made for and the last key returned. */
function decodeCursor(token: string | undefined, sort: string): SortKey | undefined {
  const after = decodeToken('SearchTables', token);
  if (after === undefined) return undefined;
  let parsed: { sort?: unknown; key?: unknown } = {};
  try {
    parsed = JSON.parse(after) as typeof parsed;
  } catch {
    // fall through: not a cursor of ours
  }
  const key = parsed.key;
  if (parsed.sort !== sort || !Array.isArray(key) || key.length !== 3) throw errors.invalidInput('Invalid NextToken.');
  return key as SortKey;
}

export const searchTables: GlueOperations['SearchTables'] = (ctx, input) => {
  const scope = catalogScope(ctx, input.CatalogId);
  const size = pageSize('SearchTables', input.MaxResults);
  const terms = parseSearchText(input.SearchText);
  const filters = (input.Filters ?? []).map(compileFilter);
  const criterion = input.SortCriteria?.[0];
  const keyOf = sortKeyGetter(criterion);
  const descending = criterion?.Sort === 'DESC';
  const sort = `${criterion?.FieldName ?? ''}:${descending ? 'DESC' : 'ASC'}`;
  const after = decodeCursor(input.NextToken, sort);
  const shared = input.ResourceShareType === 'FOREIGN' || input.ResourceShareType === 'FEDERATED';

  const docs = shared
    ? []
    : (ctx.db
        .prepare('SELECT doc FROM glue_tables WHERE account = ? AND region = ?')
        .all(scope.account, scope.region) as { doc: string }[]);
  const matches: { key: SortKey; table: Table }[] = [];
  for (const { doc } of docs) {
    const table = fromDoc<Table>(doc);
    if (!filters.every((f) => f(table))) continue;
    const values = searchedValues(table);
    if (!terms.every((test) => test(values))) continue;
    const key = keyOf(table);
    if (after && compareKeys(key, after, descending) <= 0) continue;
    matches.push({ key, table });
  }
  matches.sort((a, b) => compareKeys(a.key, b.key, descending));
  const { page, nextToken } = paginate('SearchTables', matches.slice(0, size + 1), size, (m) =>
    JSON.stringify({ sort, key: m.key }),
  );
  return { TableList: page.map((m) => m.table), ...(nextToken ? { NextToken: nextToken } : {}) };
};

export const searchTableOperations = { SearchTables: searchTables } satisfies Partial<GlueOperations>;
