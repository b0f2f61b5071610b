import { children, childText, escapeXml, parseXml, S3_XMLNS } from '../../protocol/restxml.js';
import { createBucket, deleteBucket, listBuckets, requireBucketRecord, updateBucketDoc } from '../buckets.js';
import { S3Error, s3Errors } from '../errors.js';
import { canonicalUserId, emptyResponse, owner, type S3Call, smallBody, xmlResponse } from './call.js';

export function listBucketsOp(call: S3Call): Response {
  const buckets = listBuckets(call.lakebox, call.account);
  const prefix = call.query.get('prefix') ?? '';
  const region = call.query.get('bucket-region');
  const shown = buckets.filter((b) => b.name.startsWith(prefix) && (region === null || b.region === region));
  return xmlResponse('ListAllMyBucketsResult', {
    Owner: owner(call.account),
    Buckets: { Bucket: shown.map((b) => ({ Name: b.name, CreationDate: b.created, BucketRegion: b.region })) },
    Prefix: call.query.has('prefix') ? prefix : undefined,
  });
}

/** CreateBucket, with the optional `<CreateBucketConfiguration><LocationConstraint>` body. */
export async function createBucketOp(call: S3Call): Promise<Response> {
  const name = call.bucket ?? '';
  const text = (await smallBody(call, 64 * 1024)).trim();
  let constraint: string | undefined;
  if (text !== '') {
    const doc = parseXml(text);
    const config = children(doc, 'CreateBucketConfiguration')[0];
    if (config === undefined) throw s3Errors.malformedXml();
    constraint = childText(config, 'LocationConstraint');
  }
  if (constraint === 'us-east-1') {
    throw new S3Error('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400, {
      LocationConstraint: constraint,
    });
  }
  const region = constraint || 'us-east-1';
  if (region !== call.region) {
    throw new S3Error(
      'IllegalLocationConstraintException',
      `The ${constraint ? constraint : 'unspecified'} location constraint is incompatible for the region specific endpoint this request was sent to.`,
      400,
    );
  }
  createBucket(call.lakebox, { name, account: call.account, region, now: call.now });
  return emptyResponse(200, { Location: `/${name}` });
}

export function headBucketOp(call: S3Call): Response {
  const b = requireBucketRecord(call.lakebox, call.bucket ?? '');
  return emptyResponse(200, { 'x-amz-bucket-region': b.region, 'x-amz-access-point-alias': 'false' });
}

export function deleteBucketOp(call: S3Call): Response {
  deleteBucket(call.lakebox, call.bucket ?? '');
  return emptyResponse(204);
}

export function getBucketLocationOp(call: S3Call): Response {
  const b = requireBucketRecord(call.lakebox, call.bucket ?? '');
  // us-east-1 answers an empty LocationConstraint.
  const value = b.region === 'us-east-1' ? '' : escapeXml(b.region);
  return new Response(
    `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="${S3_XMLNS}">${value}</LocationConstraint>`,
    { headers: { 'Content-Type': 'application/xml' } },
  );
}

export function getBucketAclOp(call: S3Call): Response {
  const b = requireBucketRecord(call.lakebox, call.bucket ?? '');
  const id = canonicalUserId(b.account);
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<AccessControlPolicy xmlns="${S3_XMLNS}"><Owner><ID>${id}</ID><DisplayName>lakebox</DisplayName></Owner>` +
    '<AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">' +
    `<ID>${id}</ID><DisplayName>lakebox</DisplayName></Grantee><Permission>FULL_CONTROL</Permission></Grant>` +
    '</AccessControlList></AccessControlPolicy>';
  return new Response(xml, { headers: { 'Content-Type': 'application/xml' } });
}

/** A bucket setting lakebox never stores: S3's "not configured" error for it. */
function notConfigured(code: string, message: string) {
  return (call: S3Call): Response => {
    const b = requireBucketRecord(call.lakebox, call.bucket ?? '');
    throw new S3Error(code, message, 404, { BucketName: b.name });
  };
}

/** A bucket setting with a fixed default answer. */
function fixed(root: string, body: Parameters<typeof xmlResponse>[1]) {
  return (call: S3Call): Response => {
    requireBucketRecord(call.lakebox, call.bucket ?? '');
    return xmlResponse(root, body);
  };
}

/** What S3 answers for a bucket's settings when none were set (Terraform's aws_s3_bucket reads them all). */
export const bucketSettingReads = {
  policy: notConfigured('NoSuchBucketPolicy', 'The bucket policy does not exist'),
  cors: notConfigured('NoSuchCORSConfiguration', 'The CORS configuration does not exist'),
  website: notConfigured('NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration'),
  lifecycle: notConfigured('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist'),
  replication: notConfigured('ReplicationConfigurationNotFoundError', 'The replication configuration was not found'),
  'object-lock': notConfigured(
    'ObjectLockConfigurationNotFoundError',
    'Object Lock configuration does not exist for this bucket',
  ),
  accelerate: fixed('AccelerateConfiguration', {}),
  requestPayment: fixed('RequestPaymentConfiguration', { Payer: 'BucketOwner' }),
  logging: fixed('BucketLoggingStatus', {}),
  notification: fixed('NotificationConfiguration', {}),
  encryption: fixed('ServerSideEncryptionConfiguration', {
    Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false },
  }),
  ownershipControls: fixed('OwnershipControls', { Rule: { ObjectOwnership: 'BucketOwnerEnforced' } }),
  publicAccessBlock: fixed('PublicAccessBlockConfiguration', {
    BlockPublicAcls: true,
    IgnorePublicAcls: true,
    BlockPublicPolicy: true,
    RestrictPublicBuckets: true,
  }),
  acl: getBucketAclOp,
  location: getBucketLocationOp,
  versioning: (call: S3Call): Response => {
    const b = requireBucketRecord(call.lakebox, call.bucket ?? '');
    return xmlResponse('VersioningConfiguration', { Status: b.doc.versioning });
  },
} as const satisfies Record<string, (call: S3Call) => Response>;

/** Deleting a setting lakebox never stores is a no-op, as S3's delete of an absent setting is (204). */
export function deleteAbsentSetting(call: S3Call): Response {
  requireBucketRecord(call.lakebox, call.bucket ?? '');
  return emptyResponse(204);
}

/** PutBucketVersioning: the status is stored and read back; lakebox keeps no object versions. */
export async function putBucketVersioningOp(call: S3Call): Promise<Response> {
  const b = requireBucketRecord(call.lakebox, call.bucket ?? '');
  const doc = parseXml(await smallBody(call, 64 * 1024));
  const config = children(doc, 'VersioningConfiguration')[0];
  if (config === undefined) throw s3Errors.malformedXml();
  const status = childText(config, 'Status');
  if (status !== undefined && status !== 'Enabled' && status !== 'Suspended') throw s3Errors.malformedXml();
  if (status !== undefined) updateBucketDoc(call.lakebox, b.name, { ...b.doc, versioning: status });
  return emptyResponse(200);
}
