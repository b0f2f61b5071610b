import { type AwsError, errors } from './errors.js';

/** Media type of the AWS JSON 1.1 protocol (Glue, Athena). */
export const JSON11_CONTENT_TYPE = 'application/x-amz-json-1.1';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parse a JSON 1.1 request body: empty means `{}`; bytes that are not UTF-8 or anything but a JSON object
 * is a SerializationException (never a silently altered value).
 */
export function parseJson11Body(bytes: ArrayBuffer): Record<string, unknown> {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw errors.serialization('Request body is not valid UTF-8.');
  }
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw errors.serialization(`Request body is not valid JSON: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw errors.serialization('Request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/** JSON 1.1 timestamps are epoch seconds (with a fraction for milliseconds). */
function encodeValue(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (raw instanceof Date) return raw.getTime() / 1000;
  if (raw instanceof Uint8Array) return Buffer.from(raw).toString('base64');
  return value;
}

/** Encode a model output: drops `$metadata`, turns Dates into epoch seconds. */
export function encodeJson11Output(output: object): string {
  const { $metadata: _omit, ...rest } = output as Record<string, unknown>;
  return JSON.stringify(rest, encodeValue);
}

const encodedBody = Symbol('lakebox.json11.encodedBody');

/**
 * Attach to a model output the JSON 1.1 body the operation has already encoded, for outputs too big to
 * encode well from objects (result pages). The dispatcher sends `body` as it is, in place of
 * `encodeJson11Output(output)`; `body` must be exactly that text. The output stays a typed value for
 * in-process callers (it may compute its large members lazily, from the same bytes).
 *
 * @example
 * return withEncodedBody(output, Buffer.from('{"ResultSet":{"Rows":[]}}'));
 */
export function withEncodedBody<T extends object>(output: T, body: Uint8Array<ArrayBuffer>): T {
  Object.defineProperty(output, encodedBody, { value: body, enumerable: false });
  return output;
}

/** The body `withEncodedBody` attached to `output`, if any. */
export function encodedBodyOf(output: object): Uint8Array<ArrayBuffer> | undefined {
  const body: unknown = (output as { [encodedBody]?: unknown })[encodedBody];
  return body instanceof Uint8Array ? (body as Uint8Array<ArrayBuffer>) : undefined;
}

export interface EncodedError {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One error shape for every JSON 1.1 service: `__type` in the body and `x-amzn-ErrorType` header. */
export function encodeJson11Error(err: AwsError): EncodedError {
  return {
    status: err.status,
    headers: { 'Content-Type': JSON11_CONTENT_TYPE, 'x-amzn-ErrorType': err.code },
    body: JSON.stringify({ ...err.fields, __type: err.code, Message: err.message, message: err.message }),
  };
}
