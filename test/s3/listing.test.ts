import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLakebox, type TestLakebox } from '../support/lakebox.js';
import { s3Client } from '../support/s3.js';

let t: TestLakebox;
let s3: S3Client;
const KEYS = [
  'a.txt',
  'photos/2024/feb/1.jpg',
  'photos/2024/jan/1.jpg',
  'photos/2024/jan/2.jpg',
  'photos/2025/mar/1.jpg',
  'photos/readme',
  'videos/v.mp4',
  'z',
  'é.txt',
];
// KEYS is in UTF-8 byte order, S3's listing order.
beforeAll(async () => {
  t = await startTestLakebox();
  s3 = s3Client(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'list' }));
  for (const Key of KEYS) await s3.send(new PutObjectCommand({ Bucket: 'list', Key, Body: Key }));
});
afterAll(async () => {
  s3.destroy();
  await t[Symbol.asyncDispose]();
});

const v2 = (input: Omit<ConstructorParameters<typeof ListObjectsV2Command>[0], 'Bucket'>) =>
  s3.send(new ListObjectsV2Command({ Bucket: 'list', ...input }));

describe('S3 listings', () => {
  it('lists all keys in UTF-8 byte order with sizes and ETags', async () => {
    const all = await v2({});
    expect(all.Contents?.map((o) => o.Key)).toEqual(KEYS);
    expect(all.KeyCount).toBe(KEYS.length);
    expect(all.IsTruncated).toBe(false);
    expect(all.Contents?.[0]).toMatchObject({ Key: 'a.txt', Size: 5, StorageClass: 'STANDARD' });
    expect(all.Contents?.[0]?.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(all.Contents?.[0]?.LastModified).toBeInstanceOf(Date);
  });

  it('filters by prefix and rolls up at the delimiter', async () => {
    const top = await v2({ Delimiter: '/' });
    expect(top.Contents?.map((o) => o.Key)).toEqual(['a.txt', 'z', 'é.txt']);
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['photos/', 'videos/']);
    expect(top.KeyCount).toBe(5);
    const photos = await v2({ Prefix: 'photos/', Delimiter: '/' });
    expect(photos.Contents?.map((o) => o.Key)).toEqual(['photos/readme']);
    expect(photos.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['photos/2024/', 'photos/2025/']);
    const p2024 = await v2({ Prefix: 'photos/2024/' });
    expect(p2024.Contents?.map((o) => o.Key)).toEqual([
      'photos/2024/feb/1.jpg',
      'photos/2024/jan/1.jpg',
      'photos/2024/jan/2.jpg',
    ]);
    expect((await v2({ Prefix: 'nothing/' })).KeyCount).toBe(0);
  });

  it('pages with max-keys and continuation tokens, counting common prefixes', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await v2({ Delimiter: '/', MaxKeys: 2, ContinuationToken: token });
      seen.push(
        ...(page.Contents ?? []).map((o) => o.Key ?? ''),
        ...(page.CommonPrefixes ?? []).map((p) => p.Prefix ?? ''),
      );
      expect(page.KeyCount).toBeLessThanOrEqual(2);
      token = page.NextContinuationToken;
      expect(page.IsTruncated).toBe(token !== undefined);
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(['a.txt', 'photos/', 'videos/', 'z', 'é.txt'].sort());
    await expect(v2({ ContinuationToken: 'bogus' })).rejects.toMatchObject({ name: 'InvalidArgument' });
  });

  it('starts after a key and encodes keys with encoding-type=url', async () => {
    const after = await v2({ StartAfter: 'photos/readme' });
    expect(after.Contents?.map((o) => o.Key)).toEqual(['videos/v.mp4', 'z', 'é.txt']);
    expect(after.StartAfter).toBe('photos/readme');
    const encoded = await v2({ Prefix: 'é', EncodingType: 'url' });
    expect(encoded.Contents?.map((o) => o.Key)).toEqual(['%C3%A9.txt']);
    expect(encoded.EncodingType).toBe('url');
  });

  it('lists with v1 markers, and NextMarker with a delimiter', async () => {
    const first = await s3.send(new ListObjectsCommand({ Bucket: 'list', MaxKeys: 3 }));
    expect(first.Contents?.map((o) => o.Key)).toEqual(KEYS.slice(0, 3));
    expect(first.IsTruncated).toBe(true);
    const next = await s3.send(new ListObjectsCommand({ Bucket: 'list', Marker: KEYS[2] }));
    expect(next.Contents?.map((o) => o.Key)).toEqual(KEYS.slice(3));
    const delim = await s3.send(new ListObjectsCommand({ Bucket: 'list', Delimiter: '/', MaxKeys: 2 }));
    expect(delim.NextMarker).toBe('photos/');
    const rest = await s3.send(new ListObjectsCommand({ Bucket: 'list', Delimiter: '/', Marker: delim.NextMarker }));
    expect(rest.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['videos/']);
    expect(rest.Contents?.map((o) => o.Key)).toEqual(['z', 'é.txt']);
  });

  it('deletes many objects at once, quietly or not', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'bulk' }));
    for (const Key of ['d1', 'd2', 'd3']) await s3.send(new PutObjectCommand({ Bucket: 'bulk', Key, Body: Key }));
    const loud = await s3.send(
      new DeleteObjectsCommand({ Bucket: 'bulk', Delete: { Objects: [{ Key: 'd1' }, { Key: 'never' }] } }),
    );
    expect(loud.Deleted?.map((d) => d.Key)).toEqual(['d1', 'never']);
    expect(loud.Errors ?? []).toEqual([]);
    const quiet = await s3.send(
      new DeleteObjectsCommand({ Bucket: 'bulk', Delete: { Quiet: true, Objects: [{ Key: 'd2' }, { Key: 'd3' }] } }),
    );
    expect(quiet.Deleted ?? []).toEqual([]);
    expect((await s3.send(new ListObjectsV2Command({ Bucket: 'bulk' }))).KeyCount).toBe(0);
  });

  it('lists each object as its only version (ListObjectVersions), as force-destroying tools read them', async () => {
    const first = await s3.send(new ListObjectVersionsCommand({ Bucket: 'list', MaxKeys: 4 }));
    expect(first.Versions?.map((v) => [v.Key, v.VersionId, v.IsLatest])).toEqual(
      KEYS.slice(0, 4).map((k) => [k, 'null', true]),
    );
    expect(first.IsTruncated).toBe(true);
    const rest = await s3.send(new ListObjectVersionsCommand({ Bucket: 'list', KeyMarker: first.NextKeyMarker }));
    expect(rest.Versions?.map((v) => v.Key)).toEqual(KEYS.slice(4));
    expect(rest.DeleteMarkers ?? []).toEqual([]);
  });
});
