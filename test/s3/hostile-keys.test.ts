import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { startTestLakebox } from '../support/lakebox.js';
import { filesUnder, s3Client } from '../support/s3.js';

const HOSTILE_KEYS = [
  '..',
  '../escape.txt',
  '../../../../../../tmp/escape.txt',
  'a/../../b',
  '/absolute/path',
  '//double-leading',
  './dot',
  'a/./b',
  'a//b',
  'folder/',
  'a',
  'a/b',
  'a/b/c',
  'back\\slash\\..\\..\\x',
  'nul\u0000byte',
  'ctrl\u0001\u001f',
  'line\r\nbreak',
  'x'.repeat(300),
  `${'y'.repeat(200)}/${'z'.repeat(256)}`,
  'ünïcødé/файл.txt',
  '😀/emoji',
  '.lakebox-keys/abc',
  '%2e%2e/percent',
  '?query#frag&x=1',
  'space key +plus',
  '~/home',
  '.',
  '.hidden',
];

describe('S3 hostile keys', () => {
  it('round-trips every key, keeps common keys as real paths, and writes nothing outside the bucket folder', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'lakebox-hostile-'));
    const dataDir = join(parent, 'data');
    mkdirSync(dataDir);
    try {
      await using t = await startTestLakebox({ dataDir });
      const s3 = s3Client(t);
      await s3.send(new CreateBucketCommand({ Bucket: 'hostile' }));
      await s3.send(new PutObjectCommand({ Bucket: 'hostile', Key: 'dir/file.parquet', Body: 'plain' }));
      for (const Key of HOSTILE_KEYS) {
        await s3.send(new PutObjectCommand({ Bucket: 'hostile', Key, Body: `body of ${Key}` }));
      }
      for (const Key of HOSTILE_KEYS) {
        const got = await s3.send(new GetObjectCommand({ Bucket: 'hostile', Key }));
        expect(await got.Body?.transformToString(), JSON.stringify(Key)).toBe(`body of ${Key}`);
        const head = await s3.send(new HeadObjectCommand({ Bucket: 'hostile', Key }));
        expect(head.ContentLength).toBe(Buffer.byteLength(`body of ${Key}`));
      }
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'hostile', EncodingType: 'url' }));
      const keys = (listed.Contents ?? []).map((o) => decodeURIComponent(o.Key ?? ''));
      expect(keys.sort()).toEqual([...HOSTILE_KEYS, 'dir/file.parquet'].sort());

      // Nothing outside <dataDir>/s3/hostile/ (besides the metadata database) and nothing beside dataDir.
      expect(readdirSync(parent)).toEqual(['data']);
      const outside = filesUnder(dataDir).filter(
        (f) => !f.startsWith('s3/hostile/') && !f.startsWith('metadata.sqlite'),
      );
      expect(outside).toEqual([]);
      const inBucket = filesUnder(join(dataDir, 's3', 'hostile'));
      expect(inBucket).toContain('dir/file.parquet');
      expect(inBucket).toContain('ünïcødé/файл.txt');
      expect(inBucket.length).toBe(HOSTILE_KEYS.length + 1);

      for (const Key of [...HOSTILE_KEYS, 'dir/file.parquet']) {
        await s3.send(new DeleteObjectCommand({ Bucket: 'hostile', Key }));
      }
      expect(filesUnder(join(dataDir, 's3', 'hostile'))).toEqual([]);
      await s3.send(new DeleteBucketCommand({ Bucket: 'hostile' }));
      expect(readdirSync(join(dataDir, 's3')).filter((d) => d === 'hostile')).toEqual([]);
      s3.destroy();
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('refuses keys over 1024 bytes with KeyTooLongError', async () => {
    await using t = await startTestLakebox();
    const s3 = s3Client(t);
    await s3.send(new CreateBucketCommand({ Bucket: 'long' }));
    await expect(
      s3.send(new PutObjectCommand({ Bucket: 'long', Key: 'k'.repeat(1025), Body: 'x' })),
    ).rejects.toMatchObject({ name: 'KeyTooLongError', $metadata: { httpStatusCode: 400 } });
    s3.destroy();
  });

  it('removes every object file on reset', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lakebox-reset-'));
    try {
      await using t = await startTestLakebox({ dataDir });
      const s3 = s3Client(t);
      await s3.send(new CreateBucketCommand({ Bucket: 'resettable' }));
      await s3.send(new PutObjectCommand({ Bucket: 'resettable', Key: 'x/y', Body: 'x' }));
      expect(filesUnder(join(dataDir, 's3'))).toEqual(['resettable/x/y']);
      t.lakebox.reset();
      expect(filesUnder(dataDir).filter((f) => !f.startsWith('metadata.sqlite'))).toEqual([]);
      await expect(s3.send(new HeadObjectCommand({ Bucket: 'resettable', Key: 'x/y' }))).rejects.toMatchObject({
        $metadata: { httpStatusCode: 404 },
      });
      await s3.send(new CreateBucketCommand({ Bucket: 'resettable' }));
      await s3.send(new PutObjectCommand({ Bucket: 'resettable', Key: 'x/y', Body: 'again' }));
      s3.destroy();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
