import { athenaErrors } from './errors.js';

/**
 * Page sizes of Athena's listing operations (STYLE lesson 7): `max` is the largest `MaxResults` accepted
 * (from the API reference), `default` the size when none is asked for.
 */
export const ATHENA_PAGE_SIZES = {
  ListQueryExecutions: { default: 50, max: 50 },
  ListWorkGroups: { default: 50, max: 50 },
  ListNamedQueries: { default: 50, max: 50 },
  ListPreparedStatements: { default: 50, max: 50 },
  ListDataCatalogs: { default: 50, max: 50 },
  ListDatabases: { default: 50, max: 50 },
  ListTableMetadata: { default: 50, max: 50 },
  ListTagsForResource: { default: 100, max: 100 },
  GetQueryResults: { default: 1000, max: 1000 },
} as const satisfies Record<string, { default: number; max: number }>;

export type AthenaPagedOperation = keyof typeof ATHENA_PAGE_SIZES;

export function athenaPageSize(op: AthenaPagedOperation, maxResults: number | undefined): number {
  const policy = ATHENA_PAGE_SIZES[op];
  return maxResults === undefined || maxResults < 1 ? policy.default : Math.min(maxResults, policy.max);
}

/** Opaque tokens carry the operation and a position (a sort key, or a byte offset for result pages). */
export function encodeAthenaToken(op: AthenaPagedOperation, after: string): string {
  return Buffer.from(JSON.stringify({ op, after }), 'utf8').toString('base64url');
}

export function decodeAthenaToken(op: AthenaPagedOperation, token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { op?: unknown; after?: unknown };
    if (parsed.op === op && typeof parsed.after === 'string') return parsed.after;
  } catch {
    // fall through: not a token we made
  }
  throw athenaErrors.malformedToken(token);
}

/** One page of a sorted list (`items` may hold one more than `size`) and the token for the next. */
export function athenaPage<T>(
  op: AthenaPagedOperation,
  items: readonly T[],
  size: number,
  keyOf: (item: T) => string,
): { page: T[]; NextToken?: string } {
  const page = items.slice(0, size);
  const last = page[page.length - 1];
  return items.length > size && last !== undefined ? { page, NextToken: encodeAthenaToken(op, keyOf(last)) } : { page };
}
