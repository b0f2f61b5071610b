import { s3Errors } from '../errors.js';
import {
  bucketSettingReads,
  createBucketOp,
  deleteAbsentSetting,
  deleteBucketOp,
  headBucketOp,
  listBucketsOp,
  putBucketVersioningOp,
} from './bucket-ops.js';
import type { S3Call } from './call.js';
import { deleteObjects, listObjectsV1, listObjectsV2, listObjectVersions } from './list-ops.js';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  listMultipartUploadsOp,
  listPartsOp,
  uploadPart,
} from './multipart-ops.js';
import { copyObject, deleteObject, getObject, putObject } from './object-ops.js';
import {
  deleteBucketTagging,
  deleteObjectTagging,
  getBucketTagging,
  getObjectTagging,
  putBucketTagging,
  putObjectTagging,
} from './tagging-ops.js';

/**
 * LIMITATIONS (S3 in lakebox):
 * - No signature checks; any credentials work. Cross-account access to a bucket is allowed (AWS would say
 *   AccessDenied); ListBuckets lists only the caller's buckets and names are one namespace.
 * - Versioning status is stored and read back, but only one version per key is kept (ListObjectVersions lists
 *   each object as version `null`; `versionId` parameters are ignored).
 * - Bucket policy, CORS, website, lifecycle, replication, logging, notification, ACL writes, object lock,
 *   SSE-KMS/SSE-C, storage classes, UploadPartCopy, POST form uploads, Select and GetObjectAttributes are not
 *   implemented: they answer 400 NotImplemented naming the operation (the reads answer as for an unset bucket).
 * - CRC64NVME checksums are stored and echoed, not verified; no checksum is computed when the client sends none.
 * - `x-amz-content-sha256` payload hashes and aws-chunked chunk signatures are not verified.
 *
 * Which S3 operation a request is: the method, whether it names a bucket and a key, and its subresource
 * (a query parameter such as `?tagging`). Subresources S3 has and lakebox does not serve are refused with
 * NotImplemented (4xx), naming the operation.
 */
export type S3Handler = (call: S3Call) => Response | Promise<Response>;

/** Subresource query parameters of the S3 API (a request carrying one is about that subresource). */
const SUBRESOURCES = [
  'accelerate',
  'acl',
  'analytics',
  'attributes',
  'cors',
  'delete',
  'encryption',
  'intelligent-tiering',
  'inventory',
  'legal-hold',
  'lifecycle',
  'location',
  'logging',
  'metadataConfiguration',
  'metadataTable',
  'metrics',
  'notification',
  'object-lock',
  'ownershipControls',
  'policy',
  'policyStatus',
  'publicAccessBlock',
  'renameObject',
  'replication',
  'requestPayment',
  'restore',
  'retention',
  'select',
  'session',
  'tagging',
  'torrent',
  'uploadId',
  'uploads',
  'versioning',
  'versions',
  'website',
  'abac',
] as const;

function subresource(query: URLSearchParams): string | undefined {
  return SUBRESOURCES.find((s) => query.has(s));
}

/** A readable operation name for the NotImplemented message. */
function operationName(call: S3Call, sub: string | undefined): string {
  const xId = call.query.get('x-id');
  if (xId) return xId;
  const verb = { GET: 'Get', PUT: 'Put', DELETE: 'Delete', HEAD: 'Head', POST: 'Post' }[call.method] ?? call.method;
  const level = call.key !== undefined ? 'Object' : 'Bucket';
  return sub ? `${verb}${level}${sub[0]?.toUpperCase()}${sub.slice(1)}` : `${call.method} ${level.toLowerCase()}`;
}

export function chooseHandler(call: S3Call): S3Handler {
  const sub = subresource(call.query);
  const m = call.method;
  const unsupported = (): never => {
    throw s3Errors.notImplemented(operationName(call, sub));
  };
  if (call.bucket === undefined) {
    if (m === 'GET' && sub === undefined) return listBucketsOp;
    return () => {
      throw s3Errors.methodNotAllowed(m, 'SERVICE');
    };
  }
  if (call.key === undefined) {
    switch (m) {
      case 'HEAD':
        return headBucketOp;
      case 'GET': {
        if (sub === undefined) return call.query.get('list-type') === '2' ? listObjectsV2 : listObjectsV1;
        if (sub === 'tagging') return getBucketTagging;
        if (sub === 'uploads') return listMultipartUploadsOp;
        if (sub === 'versions') return listObjectVersions;
        if (sub in bucketSettingReads) return bucketSettingReads[sub as keyof typeof bucketSettingReads];
        return unsupported;
      }
      case 'PUT':
        if (sub === undefined) return createBucketOp;
        if (sub === 'tagging') return putBucketTagging;
        if (sub === 'versioning') return putBucketVersioningOp;
        return unsupported;
      case 'DELETE':
        if (sub === undefined) return deleteBucketOp;
        if (sub === 'tagging') return deleteBucketTagging;
        if (['policy', 'cors', 'website', 'lifecycle', 'replication', 'encryption'].includes(sub)) {
          return deleteAbsentSetting;
        }
        return unsupported;
      case 'POST':
        if (sub === 'delete') return deleteObjects;
        return unsupported;
      default:
        return unsupported;
    }
  }
  switch (m) {
    case 'GET':
      if (sub === undefined) return (c) => getObject(c, false);
      if (sub === 'tagging') return getObjectTagging;
      if (sub === 'uploadId') return listPartsOp;
      return unsupported;
    case 'HEAD':
      if (sub === undefined) return (c) => getObject(c, true);
      return unsupported;
    case 'PUT':
      if (sub === 'tagging') return putObjectTagging;
      if (sub === 'uploadId') {
        if (call.c.req.header('x-amz-copy-source') !== undefined) return unsupported;
        return uploadPart;
      }
      if (sub !== undefined) return unsupported;
      return call.c.req.header('x-amz-copy-source') !== undefined ? copyObject : putObject;
    case 'DELETE':
      if (sub === undefined) return deleteObject;
      if (sub === 'tagging') return deleteObjectTagging;
      if (sub === 'uploadId') return abortMultipartUpload;
      return unsupported;
    case 'POST':
      if (sub === 'uploads') return createMultipartUpload;
      if (sub === 'uploadId') return completeMultipartUpload;
      return unsupported;
    default:
      return unsupported;
  }
}
