import type { Context } from 'hono';
import type { EdgeEnv, Lakebox, OpContext } from '../context.js';
import { AwsError, errors } from '../protocol/errors.js';
import {
  encodedBodyOf,
  encodeJson11Error,
  encodeJson11Output,
  JSON11_CONTENT_TYPE,
  parseJson11Body,
} from '../protocol/json11.js';
import type { AnyHandler } from '../protocol/operations.js';
import { decodeInput, hasOperation, type ServiceModel } from '../protocol/validate/validator.js';

/** A JSON 1.1 service: its `X-Amz-Target` prefix, its AWS model and the operations lakebox implements. */
export interface Json11Service {
  /** SigV4 name, e.g. `glue`. */
  name: string;
  /** e.g. `AWSGlue` in `X-Amz-Target: AWSGlue.CreateTable`. */
  targetPrefix: string;
  model: () => ServiceModel;
  operations: Readonly<Record<string, AnyHandler>>;
  /** Lenience AWS shows in practice but its model does not declare, applied before validation. */
  prepare?: (body: Record<string, unknown>) => Record<string, unknown>;
}

/**
 * Parse → validate against the AWS model → call the model function → encode. Errors are encoded here,
 * in the JSON 1.1 shape, so every failure of a JSON 1.1 request looks like AWS's.
 */
export async function dispatchJson11(c: Context<EdgeEnv>, lakebox: Lakebox, service: Json11Service): Promise<Response> {
  const operation = c.get('operation') ?? '';
  try {
    const handler = service.operations[operation];
    if (!handler) {
      throw hasOperation(service.model(), operation)
        ? errors.notImplemented(service.targetPrefix, operation)
        : errors.unknownOperation(`${service.targetPrefix}.${operation}`);
    }
    const parsed = parseJson11Body(await c.req.arrayBuffer());
    const body = service.prepare ? service.prepare(parsed) : parsed;
    const input = decodeInput(service.model(), operation, body);
    const ctx: OpContext = {
      lakebox,
      db: lakebox.db,
      account: c.get('account'),
      region: c.get('region'),
      requestId: c.get('requestId'),
      now: new Date(),
    };
    const output = ((await handler(ctx, input as never)) ?? {}) as object;
    const encoded = encodedBodyOf(output) ?? encodeJson11Output(output);
    return c.body(encoded, 200, { 'Content-Type': JSON11_CONTENT_TYPE });
  } catch (e) {
    return json11ErrorResponse(c, e);
  }
}

export function json11ErrorResponse(c: Context<EdgeEnv>, e: unknown): Response {
  // A client that went away mid-request is not a server fault: nobody is left to answer.
  if (!(e instanceof AwsError) && c.req.raw.signal.aborted) return c.body(null, 499 as 400);
  const err = e instanceof AwsError ? e : internalFailure(e);
  const encoded = encodeJson11Error(err);
  return c.body(encoded.body, encoded.status as 400, encoded.headers);
}

function internalFailure(e: unknown): AwsError {
  console.error('[lakebox] internal failure:', e);
  return errors.internal('lakebox hit an internal error; see the server log.');
}
