import { errors } from '../protocol/errors.js';

/**
 * Page sizes per listing operation, as AWS applies them (STYLE lesson 7: policy as data).
 * `max` is the largest `MaxResults` accepted; `default` is the page size when none is asked for.
 */
export const GLUE_PAGE_SIZES = {
  GetDatabases: { default: 100, max: 100 },
  GetTables: { default: 100, max: 100 },
  GetTableVersions: { default: 100, max: 100 },
  SearchTables: { default: 100, max: 1000 },
  GetPartitions: { default: 1000, max: 1000 },
  GetPartitionIndexes: { default: 10, max: 10 },
} as const satisfies Record<string, { default: number; max: number }>;

export type PagedOperation = keyof typeof GLUE_PAGE_SIZES;

export function pageSize(op: PagedOperation, maxResults: number | undefined): number {
  const policy = GLUE_PAGE_SIZES[op];
  if (maxResults === undefined) return policy.default;
  if (!Number.isInteger(maxResults) || maxResults < 1) {
    throw errors.invalidInput(`MaxResults must be a positive integer, got ${maxResults}.`);
  }
  return Math.min(maxResults, policy.max);
}

/** Opaque tokens: what follows is the caller's business only through them. */
export interface PageCursor {
  /** Operation the token was made for; a token from another listing is rejected. */
  op: string;
  /** Sort key of the last item returned. */
  after: string;
}

export function encodeToken(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

export function decodeToken(op: string, token: string | undefined): string | undefined {
  if (token === undefined || token === '') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<PageCursor>;
    if (parsed.op === op && typeof parsed.after === 'string') return parsed.after;
  } catch {
    // fall through: a token we did not make
  }
  throw errors.invalidInput('Invalid NextToken.');
}

/** Cut a sorted list into one page and the token for the next. */
export function paginate<T>(
  op: PagedOperation,
  items: readonly T[],
  size: number,
  keyOf: (item: T) => string,
): { page: T[]; nextToken: string | undefined } {
  const page = items.slice(0, size);
  const last = page[page.length - 1];
  const nextToken = items.length > size && last !== undefined ? encodeToken({ op, after: keyOf(last) }) : undefined;
  return { page, nextToken };
}
