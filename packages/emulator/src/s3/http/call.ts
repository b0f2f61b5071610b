import type { Context } from 'hono';
import type { EdgeEnv, Lakebox } from '../../context.js';
import { toXml, type XmlObject } from '../../protocol/restxml.js';
import { S3Error } from '../errors.js';

/** One S3 request as the operation handlers see it: addressing resolved, the operation chosen. */
export interface S3Call {
  lakebox: Lakebox;
  c: Context<EdgeEnv>;
  account: string;
  region: string;
  requestId: string;
  now: Date;
  method: string;
  /** Undefined for service-level requests (ListBuckets). */
  bucket: string | undefined;
  /** Undefined for bucket-level requests; may be any string, including `''`-free hostile ones. */
  key: string | undefined;
  query: URLSearchParams;
}

export function header(call: S3Call, name: string): string | undefined {
  return call.c.req.header(name);
}

/** The request body as a byte stream (streamed, never buffered whole). */
export function bodyStream(call: S3Call): AsyncIterable<Uint8Array> {
  const body = call.c.req.raw.body;
  if (!body) return (async function* () {})();
  return body as unknown as AsyncIterable<Uint8Array>;
}

/** Read a small body (XML documents) whole, refusing more than `limit` bytes. */
export async function smallBody(call: S3Call, limit = 16 * 1024 * 1024): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of bodyStream(call)) {
    size += chunk.byteLength;
    if (size > limit) throw new S3Error('MaxMessageLengthExceeded', 'Your request was too big.', 400);
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts).toString('utf8');
}

/** An XML answer with S3's content type. */
export function xmlResponse(root: string, body: XmlObject, status = 200, headers: Record<string, string> = {}) {
  return new Response(toXml(root, body), {
    status,
    headers: { 'Content-Type': 'application/xml', ...headers },
  });
}

export function emptyResponse(status = 200, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers });
}

/** Owner element S3 puts in listings and ACLs (lakebox has one canonical user per account). */
export function owner(account: string): XmlObject {
  return { ID: canonicalUserId(account), DisplayName: 'lakebox' };
}

/** A stable 64-hex canonical user id for an account. */
export function canonicalUserId(account: string): string {
  return Buffer.from(account.padEnd(32, '0').slice(0, 32), 'utf8').toString('hex');
}
