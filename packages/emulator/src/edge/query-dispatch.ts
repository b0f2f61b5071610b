import type { Context } from 'hono';
import type { EdgeEnv, Lakebox, OpContext } from '../context.js';
import { AwsError, isAwsError } from '../protocol/errors.js';
import { queryErrorResponse, queryParams, queryResponse } from '../protocol/query.js';
import { invalidAction, STS_XMLNS, stsOperations } from '../sts/service.js';

/** Largest query-protocol body read (STS requests are a few hundred bytes). */
const MAX_QUERY_BODY = 1024 * 1024;

/** The query-protocol edge (STS): read the form, run the action, answer XML. */
export async function dispatchSts(c: Context<EdgeEnv>, lakebox: Lakebox): Promise<Response> {
  const requestId = c.get('requestId');
  try {
    const body = c.req.method === 'POST' ? await c.req.text() : '';
    if (body.length > MAX_QUERY_BODY) throw new AwsError('ValidationError', 'Request body too large.', 400);
    const url = new URL(c.req.url);
    const params = queryParams(url.search.slice(1), body, c.req.header('content-type'));
    const action = params.get('Action');
    if (!action) throw new AwsError('MissingAction', 'Missing Action', 400);
    const op = stsOperations[action];
    if (!op) throw invalidAction(action);
    const ctx: OpContext = {
      lakebox,
      db: lakebox.db,
      account: c.get('account'),
      region: c.get('region'),
      requestId,
      now: new Date(),
    };
    return queryResponse(STS_XMLNS, action, op(ctx, params), requestId);
  } catch (e) {
    if (isAwsError(e)) return queryErrorResponse(STS_XMLNS, e, requestId);
    console.error('[lakebox] STS request failed:', e);
    return queryErrorResponse(STS_XMLNS, { code: 'InternalFailure', message: String(e), status: 500 }, requestId);
  }
}
