import { children, childText, parseXml, type XmlObject } from '../../protocol/restxml.js';
import { requireBucketRecord } from '../buckets.js';
import { s3Errors } from '../errors.js';
import { listPage } from '../listing.js';
import { deleteObjectRecord, type ObjectRecord } from '../object-store.js';
import { owner, type S3Call, smallBody, xmlResponse } from './call.js';
import { MAX_KEY_BYTES } from './object-ops.js';

function maxKeys(call: S3Call): number {
  const text = call.query.get('max-keys');
  if (text === null) return 1000;
  const n = Number(text);
  if (!/^-?\d+$/.test(text) || n < 0) {
    throw s3Errors.invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', text);
  }
  return Math.min(n, 1000);
}

function encoder(call: S3Call): (s: string) => string {
  const type = call.query.get('encoding-type');
  if (type === null) return (s) => s;
  if (type !== 'url')
    throw s3Errors.invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', type);
  return (s) => encodeURIComponent(s).replace(/%2F/g, '/');
}

function contentsXml(o: ObjectRecord, enc: (s: string) => string, withOwner: boolean, account: string): XmlObject {
  return {
    Key: enc(o.key),
    LastModified: o.lastModified,
    ETag: o.etag,
    ChecksumAlgorithm: o.doc.checksum?.algorithm,
    ChecksumType: o.doc.checksum ? (o.doc.checksum.type ?? 'FULL_OBJECT') : undefined,
    Size: o.size,
    Owner: withOwner ? owner(account) : undefined,
    StorageClass: 'STANDARD',
  };
}

/** ListObjectsV2 (`?list-type=2`). The continuation token is the last listed key or prefix, opaque (base64url). */
export function listObjectsV2(call: S3Call): Response {
  const b = requireBucketRecord(call.lakebox, call.bucket ?? '');
  const enc = encoder(call);
  const prefix = call.query.get('prefix') ?? '';
  const delimiter = call.query.get('delimiter') ?? '';
  const token = call.query.get('continuation-token');
  const startAfter = call.query.get('start-after') ?? '';
  let after = startAfter;
  if (token !== null) {
    const decoded = Buffer.from(token, 'base64url').toString('utf8');
    if (token === '' || !decoded.startsWith('1:')) {
      throw s3Errors.invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
    }
    after = decoded.slice(2);
  }
  const max = maxKeys(call);
  const page = listPage(call.lakebox, { bucket: b.name, prefix, delimiter, after, maxKeys: max });
  const fetchOwner = call.query.get('fetch-owner') === 'true';
  return xmlResponse('ListBucketResult', {
    Name: b.name,
    Prefix: enc(prefix),
    Delimiter: delimiter === '' ? undefined : enc(delimiter),
    MaxKeys: max,
    EncodingType: call.query.get('encoding-type') ?? undefined,
    KeyCount: page.contents.length + page.commonPrefixes.length,
    IsTruncated: page.isTruncated,
    ContinuationToken: token ?? undefined,
    NextContinuationToken:
      page.isTruncated && page.last !== undefined
        ? Buffer.from(`1:${page.last}`, 'utf8').toString('base64url')
        : undefined,
    StartAfter: call.query.has('start-after') ? enc(startAfter) : undefined,
    Contents: page.contents.map((o) => contentsXml(o, enc, fetchOwner, b.account)),
    CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: enc(p) })),
  });
}

/** ListObjects (v1, `marker`). NextMarker is given only with a delimiter, as S3 does. */
export function listObjectsV1(call: S3Call): Response {
  const b = requireBucketRecord(call.lakebox, call.bucket ?? '');
  const enc = encoder(call);
  const prefix = call.query.get('prefix') ?? '';
  const delimiter = call.query.get('delimiter') ?? '';
  const marker = call.query.get('marker') ?? '';
  const max = maxKeys(call);
  const page = listPage(call.lakebox, { bucket: b.name, prefix, delimiter, after: marker, maxKeys: max });
  return xmlResponse('ListBucketResult', {
    Name: b.name,
    Prefix: enc(prefix),
    Marker: enc(marker),
    NextMarker: page.isTruncated && delimiter !== '' && page.last !== undefined ? enc(page.last) : undefined,
    MaxKeys: max,
    Delimiter: delimiter === '' ? undefined : enc(delimiter),
    EncodingType: call.query.get('encoding-type') ?? undefined,
    IsTruncated: page.isTruncated,
    Contents: page.contents.map((o) => contentsXml(o, enc, true, b.account)),
    CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: enc(p) })),
  });
}

/** DeleteObjects (`POST ?delete`): up to 1000 keys; missing keys count as deleted; Quiet lists errors only. */
export async function deleteObjects(call: S3Call): Promise<Response> {
  const b = requireBucketRecord(call.lakebox, call.bucket ?? '');
  const doc = parseXml(await smallBody(call));
  const del = children(doc, 'Delete')[0];
  if (del === undefined) throw s3Errors.malformedXml();
  const objects = children(del, 'Object');
  if (objects.length === 0 || objects.length > 1000) throw s3Errors.malformedXml();
  const quiet = childText(del, 'Quiet')?.trim().toLowerCase() === 'true';
  const deleted: XmlObject[] = [];
  const failed: XmlObject[] = [];
  for (const o of objects) {
    const key = childText(o, 'Key');
    if (key === undefined) throw s3Errors.malformedXml();
    if (Buffer.byteLength(key) > MAX_KEY_BYTES) {
      failed.push({ Key: key, Code: 'KeyTooLongError', Message: 'Your key is too long' });
      continue;
    }
    deleteObjectRecord(call.lakebox, b.name, key);
    const versionId = childText(o, 'VersionId');
    if (!quiet) deleted.push({ Key: key, VersionId: versionId });
  }
  return xmlResponse('DeleteResult', { Deleted: deleted, Error: failed });
}

/**
 * ListObjectVersions (`?versions`): lakebox keeps one version per key (versioning is stored, not applied), so
 * each object is listed as its only, latest version with the version id `null`, as S3 lists objects written
 * while versioning was off. Pages by key marker.
 */
export function listObjectVersions(call: S3Call): Response {
  const b = requireBucketRecord(call.lakebox, call.bucket ?? '');
  const enc = encoder(call);
  const prefix = call.query.get('prefix') ?? '';
  const delimiter = call.query.get('delimiter') ?? '';
  const keyMarker = call.query.get('key-marker') ?? '';
  const max = maxKeys(call);
  const page = listPage(call.lakebox, { bucket: b.name, prefix, delimiter, after: keyMarker, maxKeys: max });
  return xmlResponse('ListVersionsResult', {
    Name: b.name,
    Prefix: enc(prefix),
    KeyMarker: enc(keyMarker),
    VersionIdMarker: call.query.get('version-id-marker') ?? '',
    NextKeyMarker: page.isTruncated && page.last !== undefined ? enc(page.last) : undefined,
    NextVersionIdMarker: page.isTruncated ? 'null' : undefined,
    MaxKeys: max,
    Delimiter: delimiter === '' ? undefined : enc(delimiter),
    EncodingType: call.query.get('encoding-type') ?? undefined,
    IsTruncated: page.isTruncated,
    Version: page.contents.map((o) => ({
      Key: enc(o.key),
      VersionId: 'null',
      IsLatest: true,
      LastModified: o.lastModified,
      ETag: o.etag,
      Size: o.size,
      Owner: owner(b.account),
      StorageClass: 'STANDARD',
    })),
    CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: enc(p) })),
  });
}
