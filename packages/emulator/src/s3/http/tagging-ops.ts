import { children, childText, parseXml } from '../../protocol/restxml.js';
import { requireBucketRecord, updateBucketDoc } from '../buckets.js';
import { S3Error, s3Errors } from '../errors.js';
import { updateObjectDoc } from '../object-store.js';
import { emptyResponse, type S3Call, smallBody, xmlResponse } from './call.js';
import { validateTags } from './object-headers.js';
import { requireObject } from './object-ops.js';

/** `<Tagging><TagSet><Tag><Key/><Value/></Tag>...</TagSet></Tagging>` → pairs, or MalformedXML. */
export async function readTagging(call: S3Call): Promise<Array<[string, string]>> {
  const doc = parseXml(await smallBody(call));
  const tagging = children(doc, 'Tagging')[0];
  if (tagging === undefined) throw s3Errors.malformedXml();
  const tagSet = children(tagging, 'TagSet')[0];
  const tags: Array<[string, string]> = [];
  for (const tag of children(tagSet, 'Tag')) {
    const key = childText(tag, 'Key');
    if (key === undefined) throw s3Errors.malformedXml();
    tags.push([key, childText(tag, 'Value') ?? '']);
  }
  return tags;
}

function tagSetXml(tags: Array<[string, string]>) {
  return { TagSet: { Tag: tags.map(([Key, Value]) => ({ Key, Value })) } };
}

export function getObjectTagging(call: S3Call): Response {
  const o = requireObject(call);
  return xmlResponse('Tagging', tagSetXml(o.doc.tags ?? []));
}

export async function putObjectTagging(call: S3Call): Promise<Response> {
  const o = requireObject(call);
  const tags = validateTags(await readTagging(call));
  updateObjectDoc(call.lakebox, o.bucket, o.key, { ...o.doc, tags });
  return emptyResponse(200);
}

export function deleteObjectTagging(call: S3Call): Response {
  const o = requireObject(call);
  const { tags: _, ...rest } = o.doc;
  updateObjectDoc(call.lakebox, o.bucket, o.key, rest);
  return emptyResponse(204);
}

export function getBucketTagging(call: S3Call): Response {
  const b = requireBucketRecord(call.lakebox, call.bucket ?? '');
  if (!b.doc.tags || b.doc.tags.length === 0) {
    throw new S3Error('NoSuchTagSet', 'The TagSet does not exist', 404, { BucketName: b.name });
  }
  return xmlResponse('Tagging', tagSetXml(b.doc.tags));
}

export async function putBucketTagging(call: S3Call): Promise<Response> {
  const b = requireBucketRecord(call.lakebox, call.bucket ?? '');
  const tags = await readTagging(call);
  if (tags.length > 50) throw s3Errors.invalidTag('Bucket tag count cannot be greater than 50');
  const seen = new Set<string>();
  for (const [k, v] of tags) {
    if (k.length === 0 || k.length > 128 || v.length > 256)
      throw s3Errors.invalidTag('The TagKey you have provided is invalid');
    if (seen.has(k)) throw s3Errors.invalidTag('Cannot provide multiple Tags with the same key');
    if (k.startsWith('aws:')) throw s3Errors.invalidTag('System tags cannot be added/updated by requester');
    seen.add(k);
  }
  updateBucketDoc(call.lakebox, b.name, { ...b.doc, tags });
  return emptyResponse(204);
}

export function deleteBucketTagging(call: S3Call): Response {
  const b = requireBucketRecord(call.lakebox, call.bucket ?? '');
  const { tags: _, ...rest } = b.doc;
  updateBucketDoc(call.lakebox, b.name, rest);
  return emptyResponse(204);
}
