/** Raw HTTP against lakebox, for what an SDK would never send (bad bodies, missing headers, odd scopes). */

export const JSON11 = 'application/x-amz-json-1.1';

export interface RawResponse {
  status: number;
  headers: Headers;
  /** The body as text. */
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface RawRequest {
  /** `X-Amz-Target`, e.g. `AWSGlue.GetDatabases`; omitted when undefined. */
  target?: string | undefined;
  /** The body as sent; a string or bytes are sent as-is, anything else is JSON-encoded. Default `{}`. */
  body?: unknown;
  headers?: Record<string, string>;
  method?: string;
  path?: string;
}

/** Send one request and read the whole answer. */
export async function rawRequest(endpoint: string, request: RawRequest = {}): Promise<RawResponse> {
  const { target, body = {}, headers = {}, method = 'POST', path = '/' } = request;
  const init: RequestInit = {
    method,
    headers: {
      'Content-Type': JSON11,
      ...(target === undefined ? {} : { 'X-Amz-Target': target }),
      ...headers,
    },
    signal: AbortSignal.timeout(15_000),
  };
  if (method !== 'GET' && method !== 'HEAD') {
    init.body = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
  }
  const res = await fetch(new URL(path, endpoint), init);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/**
 * An `Authorization` header shaped like SigV4, for the scope only: lakebox reads the access key id,
 * region and service from it and never checks the signature.
 */
export function sigv4Authorization(scope: { accessKeyId?: string; region?: string; service?: string }): string {
  const { accessKeyId = 'test', region = 'us-east-1', service = 'glue' } = scope;
  return (
    `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20250101/${region}/${service}/aws4_request, ` +
    'SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0000'
  );
}

/** The AWS JSON 1.1 error body: `__type` names the error, `Message` explains it. */
export interface AwsJsonError {
  __type: string;
  Message: string;
}

/** True when the body is an AWS JSON error with a non-empty `__type` and a `Message` string. */
export function isAwsJsonError(json: unknown): json is AwsJsonError {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return false;
  const o = json as Record<string, unknown>;
  return typeof o['__type'] === 'string' && o['__type'] !== '' && typeof o['Message'] === 'string';
}

/**
 * The AWS error code of a raw answer, whatever the protocol: `__type` of a JSON body (a Coral-style
 * `namespace#Code` is cut to `Code`) or `<Code>` of an XML body. Undefined when the body names none.
 */
export function errorCodeOf(res: RawResponse): string | undefined {
  const json = res.json;
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const type = (json as Record<string, unknown>)['__type'];
    if (typeof type === 'string' && type !== '') return type.slice(type.indexOf('#') + 1);
  }
  return /<Code>([^<]+)<\/Code>/.exec(res.text)?.[1];
}
