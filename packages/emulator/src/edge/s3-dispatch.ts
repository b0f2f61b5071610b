import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { EdgeEnv, Lakebox } from '../context.js';
import { isAwsError } from '../protocol/errors.js';
import { errorXml } from '../protocol/restxml.js';
import { S3Error } from '../s3/errors.js';
import type { S3Call } from '../s3/http/call.js';
import { chooseHandler } from '../s3/http/routes.js';
import { initObjectStore } from '../s3/object-store.js';

/**
 * The S3 edge (REST-XML): find the bucket and key (virtual-host or path style), choose the operation,
 * run it, and encode errors as S3's `<Error>` documents (HEAD errors carry no body).
 */

/** Hosts whose subdomains name a bucket: `<bucket>.localhost`, `<bucket>.s3.localhost`, `<bucket>.s3.<region>.localhost`, also under `localhost.localstack.cloud` and `<ipv4>.nip.io`-style names. */
const VIRTUAL_HOST =
  /^(.+?)(?:\.s3(?:[.-][a-z0-9-]+)?)?\.(localhost|localhost\.localstack\.cloud|\d+\.\d+\.\d+\.\d+(?:\.nip\.io|\.sslip\.io)?)$/i;

/** The bucket named by the Host header, if the host is a bucket subdomain of a local name. */
export function bucketFromHost(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const name = host.replace(/:\d+$/, '').toLowerCase();
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return undefined;
  const m = VIRTUAL_HOST.exec(name);
  if (!m?.[1]) return undefined;
  if (m[1] === 's3' || /^s3[.-][a-z0-9-]+$/.test(m[1])) return undefined;
  return m[1];
}

/** The request target as the client sent it (before any URL normalisation, which would eat `..` in keys). */
function rawTarget(c: Context<EdgeEnv>): string {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming?.url?.startsWith('/')) return incoming.url;
  const url = new URL(c.req.url);
  return url.pathname + url.search;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Bucket and key of a request: path style `/bucket/key`, or the Host names the bucket and the path is the key. */
export function addressOf(hostBucket: string | undefined, path: string): { bucket?: string; key?: string } {
  const p = path.startsWith('/') ? path.slice(1) : path;
  if (hostBucket !== undefined) return p === '' ? { bucket: hostBucket } : { bucket: hostBucket, key: decode(p) };
  if (p === '') return {};
  const slash = p.indexOf('/');
  if (slash < 0) return { bucket: decode(p) };
  const bucket = decode(p.slice(0, slash));
  const rest = p.slice(slash + 1);
  return rest === '' ? { bucket } : { bucket, key: decode(rest) };
}

export async function dispatchS3(c: Context<EdgeEnv>, lakebox: Lakebox): Promise<Response> {
  initObjectStore(lakebox);
  const target = rawTarget(c);
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
  const { bucket, key } = addressOf(bucketFromHost(c.req.header('host')), path);
  const call: S3Call = {
    lakebox,
    c,
    account: c.get('account'),
    region: c.get('region'),
    requestId: c.get('requestId'),
    now: new Date(),
    method: c.req.method.toUpperCase(),
    bucket,
    key,
    query,
  };
  try {
    return await chooseHandler(call)(call);
  } catch (e) {
    return s3ErrorResponse(call, e);
  }
}

/** Encode an error as S3 does: `<Error>` XML with the status, no body for HEAD; anything unexpected is a 500. */
export function s3ErrorResponse(call: Pick<S3Call, 'method' | 'requestId'>, e: unknown): Response {
  let code = 'InternalError';
  let message = 'We encountered an internal error. Please try again.';
  let status = 500;
  let extra: Readonly<Record<string, string>> = {};
  if (isAwsError(e)) {
    ({ code, message, status } = e);
    if (e instanceof S3Error) extra = e.extra;
  } else {
    console.error('[lakebox] S3 request failed:', e);
  }
  if (call.method === 'HEAD') return new Response(null, { status });
  return new Response(errorXml(code, message, extra, call.requestId), {
    status,
    headers: { 'Content-Type': 'application/xml' },
  });
}
