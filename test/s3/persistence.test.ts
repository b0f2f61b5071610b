import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { startTestLakebox } from '../support/lakebox.js';
import { s3Client } from '../support/s3.js';

describe('S3 state in a data directory', () => {
  it('serves the same buckets, objects, tags and unfinished uploads after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lakebox-s3-restart-'));
    try {
      let uploadId: string | undefined;
      let firstPart: string | undefined;
      {
        await using t = await startTestLakebox({ dataDir });
        const s3 = s3Client(t);
        await s3.send(new CreateBucketCommand({ Bucket: 'kept' }));
        await s3.send(new PutObjectCommand({ Bucket: 'kept', Key: 'a/b.csv', Body: 'x,y', Tagging: 't=1' }));
        uploadId = (await s3.send(new CreateMultipartUploadCommand({ Bucket: 'kept', Key: 'later' }))).UploadId;
        const part = new UploadPartCommand({
          Bucket: 'kept',
          Key: 'later',
          UploadId: uploadId,
          PartNumber: 1,
          Body: 'p1',
        });
        firstPart = (await s3.send(part)).ETag;
        s3.destroy();
      }
      await using t = await startTestLakebox({ dataDir });
      const s3 = s3Client(t);
      await s3.send(new HeadBucketCommand({ Bucket: 'kept' }));
      const got = await s3.send(new GetObjectCommand({ Bucket: 'kept', Key: 'a/b.csv' }));
      expect(await got.Body?.transformToString()).toBe('x,y');
      expect((await s3.send(new GetObjectTaggingCommand({ Bucket: 'kept', Key: 'a/b.csv' }))).TagSet).toEqual([
        { Key: 't', Value: '1' },
      ]);
      const part = await s3.send(
        new UploadPartCommand({ Bucket: 'kept', Key: 'later', UploadId: uploadId, PartNumber: 2, Body: 'p2' }),
      );
      const parts = [
        { PartNumber: 1, ETag: firstPart },
        { PartNumber: 2, ETag: part.ETag },
      ];
      await expect(
        s3.send(
          new CompleteMultipartUploadCommand({
            Bucket: 'kept',
            Key: 'later',
            UploadId: uploadId,
            MultipartUpload: { Parts: parts },
          }),
        ),
      ).rejects.toMatchObject({ name: 'EntityTooSmall' });
      expect((await s3.send(new ListObjectsV2Command({ Bucket: 'kept' }))).Contents?.map((o) => o.Key)).toEqual([
        'a/b.csv',
      ]);
      s3.destroy();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
