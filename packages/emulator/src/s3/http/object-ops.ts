import { createHash, randomUUID } from 'node:crypto';
import { copyFile, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { checksumHeader } from '../checksums.js';
import { type Conditions, checkReadConditions, checkWriteConditions } from '../conditions.js';
import { s3Errors } from '../errors.js';
import {
  commitObject,
  deleteObjectRecord,
  getObjectRecord,
  type ObjectDoc,
  type ObjectRecord,
  requireBucket,
  scratchDir,
} from '../object-store.js';
import { emptyResponse, header, type S3Call, xmlResponse } from './call.js';
import { objectHeaders, parseTaggingHeader, storedHeaders, userMetadata } from './object-headers.js';
import { receiveBody, storedContentEncoding } from './receive-body.js';

/** S3's key length limit, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

export function requireKey(call: S3Call): { bucket: string; key: string } {
  const { bucket, key } = call;
  if (bucket === undefined || key === undefined) throw new Error('lakebox: object operation without a key');
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw s3Errors.keyTooLong();
  return { bucket, key };
}

function writeConditions(call: S3Call): Pick<Conditions, 'ifMatch' | 'ifNoneMatch'> {
  return { ifMatch: header(call, 'if-match'), ifNoneMatch: header(call, 'if-none-match') };
}

/** The object document a PUT / CreateMultipartUpload describes (metadata, tags, stored headers). */
export function docFromRequest(call: S3Call): ObjectDoc {
  const doc: ObjectDoc = {};
  const meta = userMetadata(call);
  if (Object.keys(meta).length > 0) doc.meta = meta;
  const tagging = header(call, 'x-amz-tagging');
  if (tagging !== undefined) doc.tags = parseTaggingHeader(tagging);
  const headers = storedHeaders(call, storedContentEncoding(call));
  if (Object.keys(headers).length > 0) doc.headers = headers;
  return doc;
}

export async function putObject(call: S3Call): Promise<Response> {
  const { bucket, key } = requireKey(call);
  requireBucket(call.lakebox, bucket);
  const conditions = writeConditions(call);
  checkWriteConditions(conditions, key, getObjectRecord(call.lakebox, bucket, key));
  const doc = docFromRequest(call);
  const body = await receiveBody(call);
  try {
    if (body.checksum) doc.checksum = { ...body.checksum, type: 'FULL_OBJECT' };
    // Checked again now that the body is in: the object may have changed while it streamed.
    checkWriteConditions(conditions, key, getObjectRecord(call.lakebox, bucket, key));
    const o = commitObject(call.lakebox, {
      bucket,
      key,
      file: body.file,
      size: body.size,
      etag: `"${body.md5}"`,
      contentType: header(call, 'content-type'),
      doc,
      now: call.now,
    });
    const h: Record<string, string> = { ETag: o.etag, 'x-amz-server-side-encryption': 'AES256' };
    if (body.checksum) {
      h[checksumHeader(body.checksum.algorithm)] = body.checksum.value;
      h['x-amz-checksum-type'] = 'FULL_OBJECT';
    }
    return emptyResponse(200, h);
  } finally {
    await rm(body.file, { force: true });
  }
}

export function requireObject(call: S3Call): ObjectRecord {
  const { bucket, key } = requireKey(call);
  requireBucket(call.lakebox, bucket);
  const o = getObjectRecord(call.lakebox, bucket, key);
  if (!o) throw s3Errors.noSuchKey(key);
  return o;
}

/** `Range: bytes=a-b | a- | -n` → inclusive byte range; undefined when absent or not a single byte range. */
export function parseRange(text: string | undefined, size: number): { start: number; end: number } | undefined {
  if (text === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(text.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0) throw s3Errors.invalidRange(size, text);
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== '' && Number(m[2]) < start) return undefined;
  }
  if (start >= size) throw s3Errors.invalidRange(size, text);
  return { start, end };
}

const RESPONSE_OVERRIDES: Readonly<Record<string, string>> = {
  'response-content-type': 'Content-Type',
  'response-content-language': 'Content-Language',
  'response-expires': 'Expires',
  'response-cache-control': 'Cache-Control',
  'response-content-disposition': 'Content-Disposition',
  'response-content-encoding': 'Content-Encoding',
};

/** GetObject and HeadObject. */
export async function getObject(call: S3Call, head: boolean): Promise<Response> {
  const o = requireObject(call);
  if (call.query.has('partNumber') && call.query.get('partNumber') !== '1') {
    throw s3Errors.invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber');
  }
  const withChecksum = header(call, 'x-amz-checksum-mode')?.toUpperCase() === 'ENABLED';
  const h = objectHeaders(o, withChecksum);
  const verdict = checkReadConditions(
    {
      ifMatch: header(call, 'if-match'),
      ifNoneMatch: header(call, 'if-none-match'),
      ifModifiedSince: header(call, 'if-modified-since'),
      ifUnmodifiedSince: header(call, 'if-unmodified-since'),
    },
    o.etag,
    o.lastModified,
  );
  if (verdict === 'not-modified') {
    return emptyResponse(304, { ETag: o.etag, 'Last-Modified': h['Last-Modified'] as string });
  }
  for (const [q, name] of Object.entries(RESPONSE_OVERRIDES)) {
    const v = call.query.get(q);
    if (v !== null) h[name] = v;
  }
  const range = parseRange(header(call, 'range'), o.size);
  let status = 200;
  let start = 0;
  let length = o.size;
  if (range) {
    status = 206;
    start = range.start;
    length = range.end - range.start + 1;
    h['Content-Range'] = `bytes ${range.start}-${range.end}/${o.size}`;
    // A checksum describes the whole object, never a range.
    for (const k of Object.keys(h)) if (k.startsWith('x-amz-checksum-')) delete h[k];
  }
  h['Content-Length'] = String(length);
  if (head || length === 0) return new Response(null, { status, headers: h });
  // Open before answering: a concurrent replace or delete then cannot cut the stream short.
  const fh = await open(o.path, 'r');
  const stream = fh.createReadStream({ start, end: start + length - 1, autoClose: true });
  return new Response(Readable.toWeb(stream) as ReadableStream, { status, headers: h });
}

export function deleteObject(call: S3Call): Response {
  const { bucket, key } = requireKey(call);
  requireBucket(call.lakebox, bucket);
  const ifMatch = header(call, 'if-match');
  if (ifMatch !== undefined) {
    const o = getObjectRecord(call.lakebox, bucket, key);
    if (!o) throw s3Errors.noSuchKey(key);
    checkWriteConditions({ ifMatch }, key, o);
  }
  deleteObjectRecord(call.lakebox, bucket, key);
  return emptyResponse(204);
}

/** `x-amz-copy-source`: `bucket/key` or `/bucket/key`, URL-encoded, with an optional `?versionId=`. */
export function parseCopySource(text: string): { bucket: string; key: string } {
  const noVersion = text.replace(/\?versionId=.*$/, '');
  const decoded = decodeURIComponent(noVersion.startsWith('/') ? noVersion.slice(1) : noVersion);
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) {
    throw s3Errors.invalidArgument(
      'Copy Source must mention the source bucket and key: sourcebucket/sourcekey',
      'x-amz-copy-source',
      text,
    );
  }
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

export async function copyObject(call: S3Call): Promise<Response> {
  const { bucket, key } = requireKey(call);
  requireBucket(call.lakebox, bucket);
  const src = parseCopySource(header(call, 'x-amz-copy-source') ?? '');
  requireBucket(call.lakebox, src.bucket);
  const source = getObjectRecord(call.lakebox, src.bucket, src.key);
  if (!source) throw s3Errors.noSuchKey(src.key);
  const replaceMeta = header(call, 'x-amz-metadata-directive')?.toUpperCase() === 'REPLACE';
  const replaceTags = header(call, 'x-amz-tagging-directive')?.toUpperCase() === 'REPLACE';
  if (src.bucket === bucket && src.key === key && !replaceMeta) {
    throw s3Errors.invalidRequest(
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  checkSourceConditions(call, source);
  checkWriteConditions(writeConditions(call), key, getObjectRecord(call.lakebox, bucket, key));
  const fresh = docFromRequest(call);
  const doc: ObjectDoc = replaceMeta ? { ...fresh } : { ...source.doc, tags: fresh.tags };
  doc.tags = replaceTags ? fresh.tags : source.doc.tags;
  if (!doc.tags) delete doc.tags;
  delete doc.parts;
  const file = join(scratchDir(call.lakebox), `copy-${randomUUID()}`);
  await copyFile(source.path, file);
  try {
    const o = commitObject(call.lakebox, {
      bucket,
      key,
      file,
      size: source.size,
      // A copy of a multipart object is stored as one part; S3 then gives it a plain MD5 ETag too.
      etag: source.etag.includes('-') ? await md5OfFile(file) : source.etag,
      contentType: replaceMeta ? header(call, 'content-type') : source.contentType,
      doc,
      now: call.now,
    });
    return xmlResponse('CopyObjectResult', { ETag: o.etag, LastModified: o.lastModified }, 200, {
      'x-amz-server-side-encryption': 'AES256',
    });
  } finally {
    await rm(file, { force: true });
  }
}

function checkSourceConditions(call: S3Call, source: ObjectRecord): void {
  const c = {
    ifMatch: header(call, 'x-amz-copy-source-if-match'),
    ifNoneMatch: header(call, 'x-amz-copy-source-if-none-match'),
    ifModifiedSince: header(call, 'x-amz-copy-source-if-modified-since'),
    ifUnmodifiedSince: header(call, 'x-amz-copy-source-if-unmodified-since'),
  };
  if (checkReadConditions(c, source.etag, source.lastModified) === 'not-modified') {
    throw s3Errors.preconditionFailed('x-amz-copy-source-If-None-Match');
  }
}

async function md5OfFile(file: string): Promise<string> {
  const h = createHash('md5');
  const fh = await open(file, 'r');
  try {
    for await (const chunk of fh.createReadStream()) h.update(chunk as Buffer);
  } finally {
    await fh.close().catch(() => {});
  }
  return `"${h.digest('hex')}"`;
}
