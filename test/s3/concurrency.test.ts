import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { startTestLakebox } from '../support/lakebox.js';
import { filesUnder, s3Client } from '../support/s3.js';

describe('S3 under concurrent writes', () => {
  it('keeps one file per object when writes and deletes of clashing keys race', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lakebox-s3-race-'));
    try {
      await using t = await startTestLakebox({ dataDir });
      const s3 = s3Client(t, { requestHandler: { httpAgent: { maxSockets: 64 } } });
      await s3.send(new CreateBucketCommand({ Bucket: 'race' }));
      const keys = ['a', 'a/b', 'a/b/c', 'a/', 'x/y', 'x'];
      const ops: Array<Promise<unknown>> = [];
      for (let round = 0; round < 20; round++) {
        for (const Key of keys) {
          ops.push(s3.send(new PutObjectCommand({ Bucket: 'race', Key, Body: `${Key}#${round}` })));
          if (round % 3 === 1) ops.push(s3.send(new DeleteObjectCommand({ Bucket: 'race', Key })));
        }
      }
      await Promise.all(ops);
      for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: 'race', Key, Body: `${Key}#final` }));
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'race' }));
      expect(listed.Contents?.map((o) => o.Key).sort()).toEqual([...keys].sort());
      for (const Key of keys) {
        const got = await s3.send(new GetObjectCommand({ Bucket: 'race', Key }));
        expect(await got.Body?.transformToString()).toBe(`${Key}#final`);
      }
      const files = filesUnder(join(dataDir, 's3', 'race'));
      expect(files.length).toBe(keys.length);
      const contents = files.map((f) => readFileSync(join(dataDir, 's3', 'race', f), 'utf8')).sort();
      expect(contents).toEqual(keys.map((k) => `${k}#final`).sort());
      expect(filesUnder(join(dataDir, 'scratch'))).toEqual([]);
      s3.destroy();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
