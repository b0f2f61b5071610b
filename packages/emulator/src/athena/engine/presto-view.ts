/**
 * Athena views are Glue tables of type VIRTUAL_VIEW whose ViewOriginalText is
 * `/* Presto View: <base64 JSON> *\/`; the JSON holds the view's SQL (`originalSql`), the catalog and
 * schema it was created in, and its columns.
 */
import type { Table } from '@aws-sdk/client-glue';
import { userError } from './errors.js';

export interface PrestoView {
  originalSql: string;
  catalog: string | undefined;
  schema: string | undefined;
  columns: string[];
}

export function prestoView(table: Table, qualifiedName: string): PrestoView {
  const text = table.ViewOriginalText ?? '';
  const m = /\/\*\s*Presto View:\s*([A-Za-z0-9+/=_-]+)\s*\*\//.exec(text);
  let doc: unknown;
  try {
    doc = m?.[1] ? JSON.parse(Buffer.from(m[1], 'base64').toString('utf8')) : undefined;
  } catch {
    doc = undefined;
  }
  if (typeof doc !== 'object' || doc === null || typeof (doc as { originalSql?: unknown }).originalSql !== 'string') {
    throw userError('NOT_SUPPORTED', `View '${qualifiedName}' is not an Athena (Presto) view`);
  }
  const view = doc as { originalSql: string; catalog?: unknown; schema?: unknown; columns?: unknown };
  const columns = Array.isArray(view.columns)
    ? view.columns.map((c: unknown) => String((c as { name?: unknown })?.name ?? ''))
    : [];
  return {
    originalSql: view.originalSql,
    catalog: typeof view.catalog === 'string' ? view.catalog : undefined,
    schema: typeof view.schema === 'string' ? view.schema : undefined,
    columns,
  };
}
