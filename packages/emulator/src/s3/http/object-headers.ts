import { checksumHeader } from '../checksums.js';
import { s3Errors } from '../errors.js';
import type { ObjectDoc, ObjectRecord } from '../object-store.js';
import { header, type S3Call } from './call.js';

/** Headers S3 stores with an object and returns on GET/HEAD. */
const STORED_HEADERS = [
  'cache-control',
  'content-disposition',
  'content-language',
  'expires',
  'x-amz-website-redirect-location',
] as const;

/** S3's cap on user metadata: 2 KB of names and values. */
const MAX_METADATA_BYTES = 2048;

/** `x-amz-meta-*` headers of the request, names without the prefix and lower-cased. */
export function userMetadata(call: S3Call): Record<string, string> {
  const meta: Record<string, string> = {};
  let bytes = 0;
  for (const [name, value] of Object.entries(call.c.req.header())) {
    if (!name.startsWith('x-amz-meta-')) continue;
    const short = name.slice('x-amz-meta-'.length);
    meta[short] = value;
    bytes += Buffer.byteLength(short) + Buffer.byteLength(value);
  }
  if (bytes > MAX_METADATA_BYTES) throw s3Errors.metadataTooLarge(MAX_METADATA_BYTES);
  return meta;
}

/** Stored system headers of the request (Cache-Control, Content-Disposition ...). */
export function storedHeaders(call: S3Call, contentEncoding: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    const v = header(call, name);
    if (v !== undefined) out[name] = v;
  }
  if (contentEncoding !== undefined) out['content-encoding'] = contentEncoding;
  return out;
}

/** Parse `x-amz-tagging` (a URL query string) or throw InvalidTag. */
export function parseTaggingHeader(text: string): Array<[string, string]> {
  const tags: Array<[string, string]> = [];
  for (const [k, v] of new URLSearchParams(text)) tags.push([k, v]);
  return validateTags(tags);
}

/** Object tag rules: at most 10, keys 1-128 and values 0-256 characters, keys unique. */
export function validateTags(tags: Array<[string, string]>): Array<[string, string]> {
  if (tags.length > 10) throw s3Errors.invalidTag('Object tags cannot be greater than 10');
  const seen = new Set<string>();
  for (const [k, v] of tags) {
    if (k.length === 0 || k.length > 128) throw s3Errors.invalidTag('The TagKey you have provided is invalid');
    if (v.length > 256) throw s3Errors.invalidTag('The TagValue you have provided is invalid');
    if (seen.has(k)) throw s3Errors.invalidTag('Cannot provide multiple Tags with the same key');
    seen.add(k);
  }
  return tags;
}

/** Response headers describing an object (GET, HEAD). */
export function objectHeaders(o: ObjectRecord, withChecksum: boolean): Record<string, string> {
  const h: Record<string, string> = {
    ETag: o.etag,
    'Last-Modified': o.lastModified.toUTCString(),
    'Content-Type': o.contentType ?? 'binary/octet-stream',
    'Accept-Ranges': 'bytes',
    'x-amz-server-side-encryption': 'AES256',
  };
  const doc: ObjectDoc = o.doc;
  for (const [k, v] of Object.entries(doc.headers ?? {})) h[k] = v;
  for (const [k, v] of Object.entries(doc.meta ?? {})) h[`x-amz-meta-${k}`] = v;
  if (doc.tags && doc.tags.length > 0) h['x-amz-tagging-count'] = String(doc.tags.length);
  if (doc.parts !== undefined) h['x-amz-mp-parts-count'] = String(doc.parts);
  if (withChecksum && doc.checksum) {
    h[checksumHeader(doc.checksum.algorithm)] = doc.checksum.value;
    if (doc.checksum.type) h['x-amz-checksum-type'] = doc.checksum.type;
  }
  return h;
}
