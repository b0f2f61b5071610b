import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { children, childText, parseXml } from '../../protocol/restxml.js';
import { requireBucketRecord } from '../buckets.js';
import { asChecksumAlgorithm, checksumHeader } from '../checksums.js';
import { checkWriteConditions } from '../conditions.js';
import { s3Errors } from '../errors.js';
import {
  choosePartsToComplete,
  createUpload,
  dropUpload,
  listParts,
  listUploads,
  putPart,
  requireUpload,
} from '../multipart.js';
import { commitObject, getObjectRecord, requireBucket, scratchDir } from '../object-store.js';
import { emptyResponse, header, owner, type S3Call, smallBody, xmlResponse } from './call.js';
import { docFromRequest, requireKey } from './object-ops.js';
import { receiveBody } from './receive-body.js';

export function createMultipartUpload(call: S3Call): Response {
  const { bucket, key } = requireKey(call);
  requireBucket(call.lakebox, bucket);
  const algorithmText = header(call, 'x-amz-checksum-algorithm');
  const algorithm = asChecksumAlgorithm(algorithmText);
  if (algorithmText !== undefined && !algorithm) {
    throw s3Errors.invalidRequest(
      'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]',
    );
  }
  const contentType = header(call, 'content-type');
  const uploadId = createUpload(call.lakebox, {
    bucket,
    key,
    account: call.account,
    now: call.now,
    doc: {
      object: docFromRequest(call),
      ...(contentType === undefined ? {} : { contentType }),
      ...(algorithm ? { checksumAlgorithm: algorithm } : {}),
    },
  });
  const h: Record<string, string> = { 'x-amz-server-side-encryption': 'AES256' };
  if (algorithm) {
    h['x-amz-checksum-algorithm'] = algorithm;
    h['x-amz-checksum-type'] = 'COMPOSITE';
  }
  return xmlResponse('InitiateMultipartUploadResult', { Bucket: bucket, Key: key, UploadId: uploadId }, 200, h);
}

function partNumber(call: S3Call): number {
  const text = call.query.get('partNumber') ?? '';
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 10000) {
    throw s3Errors.invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', text);
  }
  return n;
}

export async function uploadPart(call: S3Call): Promise<Response> {
  const { bucket, key } = requireKey(call);
  requireBucket(call.lakebox, bucket);
  const n = partNumber(call);
  const uploadId = call.query.get('uploadId') ?? '';
  requireUpload(call.lakebox, bucket, key, uploadId);
  const body = await receiveBody(call);
  try {
    // The upload may have been completed or aborted while the part streamed in.
    const upload = requireUpload(call.lakebox, bucket, key, uploadId);
    const part = putPart(call.lakebox, upload, {
      partNumber: n,
      file: body.file,
      size: body.size,
      md5: body.md5,
      now: call.now,
      ...(body.checksum ? { checksum: body.checksum } : {}),
    });
    const h: Record<string, string> = { ETag: part.etag, 'x-amz-server-side-encryption': 'AES256' };
    if (part.checksum) h[checksumHeader(part.checksum.algorithm)] = part.checksum.value;
    return emptyResponse(200, h);
  } finally {
    await rm(body.file, { force: true });
  }
}

export async function completeMultipartUpload(call: S3Call): Promise<Response> {
  const { bucket, key } = requireKey(call);
  requireBucket(call.lakebox, bucket);
  const uploadId = call.query.get('uploadId') ?? '';
  const upload = requireUpload(call.lakebox, bucket, key, uploadId);
  const doc = parseXml(await smallBody(call));
  const root = children(doc, 'CompleteMultipartUpload')[0];
  if (root === undefined) throw s3Errors.malformedXml();
  const algorithm = upload.doc.checksumAlgorithm;
  const requested = children(root, 'Part').map((p) => {
    const n = Number(childText(p, 'PartNumber'));
    if (!Number.isInteger(n)) throw s3Errors.malformedXml();
    return {
      partNumber: n,
      etag: childText(p, 'ETag'),
      checksum: algorithm ? childText(p, `Checksum${algorithm}`) : undefined,
    };
  });
  const chosen = choosePartsToComplete(upload, listParts(call.lakebox, upload), requested);
  checkWriteConditions(
    { ifMatch: header(call, 'if-match'), ifNoneMatch: header(call, 'if-none-match') },
    key,
    getObjectRecord(call.lakebox, bucket, key),
  );
  const file = join(scratchDir(call.lakebox), `complete-${randomUUID()}`);
  const fh = await open(file, 'w');
  let size = 0;
  try {
    try {
      for (const p of chosen.parts) {
        for await (const chunk of createReadStream(p.path)) {
          await fh.write(chunk as Buffer);
          size += (chunk as Buffer).length;
        }
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    // Completed (or aborted) by another request while the parts were joined.
    requireUpload(call.lakebox, bucket, key, uploadId);
    const objectDoc = { ...upload.doc.object, parts: chosen.parts.length };
    if (chosen.checksum) Object.assign(objectDoc, { checksum: chosen.checksum });
    const o = commitObject(call.lakebox, {
      bucket,
      key,
      file,
      size,
      etag: chosen.etag,
      contentType: upload.doc.contentType,
      doc: objectDoc,
      now: call.now,
    });
    dropUpload(call.lakebox, uploadId);
    const h: Record<string, string> = { 'x-amz-server-side-encryption': 'AES256' };
    const result: Record<string, string> = {
      Location: `${new URL(call.c.req.url).origin}/${bucket}/${encodeURIComponent(key).replace(/%2F/g, '/')}`,
      Bucket: bucket,
      Key: key,
      ETag: o.etag,
    };
    if (chosen.checksum) {
      result[`Checksum${chosen.checksum.algorithm}`] = chosen.checksum.value;
      result['ChecksumType'] = chosen.checksum.type;
    }
    return xmlResponse('CompleteMultipartUploadResult', result, 200, h);
  } finally {
    await rm(file, { force: true });
  }
}

export function abortMultipartUpload(call: S3Call): Response {
  const { bucket, key } = requireKey(call);
  requireBucket(call.lakebox, bucket);
  const upload = requireUpload(call.lakebox, bucket, key, call.query.get('uploadId') ?? '');
  dropUpload(call.lakebox, upload.uploadId);
  return emptyResponse(204);
}

export function listPartsOp(call: S3Call): Response {
  const { bucket, key } = requireKey(call);
  requireBucket(call.lakebox, bucket);
  const upload = requireUpload(call.lakebox, bucket, key, call.query.get('uploadId') ?? '');
  const marker = Number(call.query.get('part-number-marker') ?? '0') || 0;
  const maxParts = Math.min(Number(call.query.get('max-parts') ?? '1000') || 1000, 1000);
  const after = listParts(call.lakebox, upload).filter((p) => p.partNumber > marker);
  const page = after.slice(0, maxParts);
  const truncated = after.length > page.length;
  const algorithm = upload.doc.checksumAlgorithm;
  return xmlResponse('ListPartsResult', {
    Bucket: bucket,
    Key: key,
    UploadId: upload.uploadId,
    PartNumberMarker: marker,
    NextPartNumberMarker: page.length > 0 ? page[page.length - 1]?.partNumber : undefined,
    MaxParts: maxParts,
    IsTruncated: truncated,
    Part: page.map((p) => ({
      PartNumber: p.partNumber,
      LastModified: p.lastModified,
      ETag: p.etag,
      Size: p.size,
      ...(p.checksum ? { [`Checksum${p.checksum.algorithm}`]: p.checksum.value } : {}),
    })),
    Initiator: owner(upload.account),
    Owner: owner(upload.account),
    StorageClass: 'STANDARD',
    ChecksumAlgorithm: algorithm,
  });
}

export function listMultipartUploadsOp(call: S3Call): Response {
  const b = requireBucketRecord(call.lakebox, call.bucket ?? '');
  const prefix = call.query.get('prefix') ?? '';
  const maxUploads = Math.min(Number(call.query.get('max-uploads') ?? '1000') || 1000, 1000);
  const all = listUploads(call.lakebox, b.name, prefix);
  const page = all.slice(0, maxUploads);
  return xmlResponse('ListMultipartUploadsResult', {
    Bucket: b.name,
    KeyMarker: call.query.get('key-marker') ?? '',
    UploadIdMarker: call.query.get('upload-id-marker') ?? '',
    Prefix: prefix,
    MaxUploads: maxUploads,
    IsTruncated: all.length > page.length,
    Upload: page.map((u) => ({
      Key: u.key,
      UploadId: u.uploadId,
      Initiator: owner(u.account),
      Owner: owner(u.account),
      StorageClass: 'STANDARD',
      Initiated: u.initiated,
      ChecksumAlgorithm: u.doc.checksumAlgorithm,
    })),
  });
}
