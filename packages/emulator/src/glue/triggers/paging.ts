import { errors } from '../../protocol/errors.js';
import { decodeToken, encodeToken } from '../pagination.js';

/** The largest `MaxResults` the orchestration listings (triggers, workflows) accept. */
export const MAX_ORCHESTRATION_PAGE = 200;

/**
 * One page of a list sorted by `keyOf`, resumed after the key in `NextToken` (tokens are the shared opaque
 * cursor of `glue/pagination.ts`, bound to the operation that made them).
 */
export function pageOf<T>(
  op: string,
  sortedItems: readonly T[],
  keyOf: (item: T) => string,
  input: { MaxResults?: number | undefined; NextToken?: string | undefined },
  defaultSize: number,
): { page: T[]; nextToken: string | undefined } {
  const size = input.MaxResults ?? defaultSize;
  if (!Number.isInteger(size) || size < 1 || size > MAX_ORCHESTRATION_PAGE) {
    throw errors.invalidInput(`MaxResults must be 1-${MAX_ORCHESTRATION_PAGE}, got ${input.MaxResults}.`);
  }
  const after = decodeToken(op, input.NextToken);
  const rest = after === undefined ? sortedItems : sortedItems.filter((i) => keyOf(i) > after);
  const page = rest.slice(0, size);
  const last = page[page.length - 1];
  const nextToken = rest.length > size && last !== undefined ? encodeToken({ op, after: keyOf(last) }) : undefined;
  return { page, nextToken };
}
