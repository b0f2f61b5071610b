import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { EdgeEnv } from '../context.js';

/** Gives every request an id and every response the `x-amzn-RequestId` header (S3 reads `x-amz-request-id`). */
export const requestId: MiddlewareHandler<EdgeEnv> = async (c, next) => {
  const id = randomUUID();
  c.set('requestId', id);
  await next();
  c.header('x-amzn-RequestId', id);
  c.header('x-amz-request-id', id);
};
