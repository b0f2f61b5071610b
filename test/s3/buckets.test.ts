import {
  BucketAlreadyOwnedByYou,
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketLocationCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  NoSuchBucket,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { startTestLakebox } from '../support/lakebox.js';
import { s3Client } from '../support/s3.js';

describe('S3 buckets', () => {
  it('creates, lists, heads and deletes buckets', async () => {
    await using t = await startTestLakebox();
    const s3 = s3Client(t);
    await expect(s3.send(new HeadBucketCommand({ Bucket: 'data' }))).rejects.toMatchObject({
      name: 'NotFound',
      $metadata: { httpStatusCode: 404 },
    });
    const created = await s3.send(new CreateBucketCommand({ Bucket: 'data' }));
    expect(created.Location).toBe('/data');
    await s3.send(new CreateBucketCommand({ Bucket: 'logs' }));
    const list = await s3.send(new ListBucketsCommand({}));
    expect(list.Buckets?.map((b) => b.Name)).toEqual(['data', 'logs']);
    expect(list.Buckets?.[0]?.CreationDate).toBeInstanceOf(Date);
    expect(list.Owner?.ID).toBeDefined();
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'data' }));
    expect(head.BucketRegion).toBe('us-east-1');
    await s3.send(new DeleteBucketCommand({ Bucket: 'logs' }));
    await expect(s3.send(new HeadBucketCommand({ Bucket: 'logs' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
    await expect(s3.send(new DeleteBucketCommand({ Bucket: 'logs' }))).rejects.toBeInstanceOf(NoSuchBucket);
    s3.destroy();
  });

  it('answers 200 to re-creating an owned bucket in us-east-1 and BucketAlreadyOwnedByYou elsewhere', async () => {
    await using t = await startTestLakebox();
    const s3 = s3Client(t);
    await s3.send(new CreateBucketCommand({ Bucket: 'again' }));
    await expect(s3.send(new CreateBucketCommand({ Bucket: 'again' }))).resolves.toBeDefined();
    const eu = s3Client(t, { region: 'eu-west-1' });
    await eu.send(
      new CreateBucketCommand({ Bucket: 'eu-bucket', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
    );
    const again = eu.send(
      new CreateBucketCommand({ Bucket: 'eu-bucket', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
    );
    await expect(again).rejects.toBeInstanceOf(BucketAlreadyOwnedByYou);
    await expect(again).rejects.toMatchObject({ $metadata: { httpStatusCode: 409 } });
    const loc = await eu.send(new GetBucketLocationCommand({ Bucket: 'eu-bucket' }));
    expect(loc.LocationConstraint).toBe('eu-west-1');
    expect((await s3.send(new GetBucketLocationCommand({ Bucket: 'again' }))).LocationConstraint).toBeUndefined();
    expect((await eu.send(new HeadBucketCommand({ Bucket: 'eu-bucket' }))).BucketRegion).toBe('eu-west-1');
    s3.destroy();
    eu.destroy();
  });

  it('refuses a location constraint that does not match the region, and invalid names', async () => {
    await using t = await startTestLakebox();
    const s3 = s3Client(t);
    await expect(
      s3.send(
        new CreateBucketCommand({ Bucket: 'x-eu', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
      ),
    ).rejects.toMatchObject({ name: 'IllegalLocationConstraintException', $metadata: { httpStatusCode: 400 } });
    await expect(s3.send(new CreateBucketCommand({ Bucket: 'Bad_Name' }))).rejects.toMatchObject({
      name: 'InvalidBucketName',
    });
    s3.destroy();
  });

  it('refuses to delete a bucket that is not empty', async () => {
    await using t = await startTestLakebox();
    const s3 = s3Client(t);
    await s3.send(new CreateBucketCommand({ Bucket: 'full' }));
    await s3.send(new PutObjectCommand({ Bucket: 'full', Key: 'a.txt', Body: 'a' }));
    await expect(s3.send(new DeleteBucketCommand({ Bucket: 'full' }))).rejects.toMatchObject({
      name: 'BucketNotEmpty',
      $metadata: { httpStatusCode: 409 },
    });
    s3.destroy();
  });

  it('lists only the calling account’s buckets; the namespace is shared', async () => {
    await using t = await startTestLakebox();
    const a = s3Client(t);
    const b = s3Client(t, { credentials: { accessKeyId: '111122223333', secretAccessKey: 'x' } });
    await a.send(new CreateBucketCommand({ Bucket: 'mine' }));
    expect((await b.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
    await expect(b.send(new CreateBucketCommand({ Bucket: 'mine' }))).rejects.toMatchObject({
      name: 'BucketAlreadyExists',
      $metadata: { httpStatusCode: 409 },
    });
    a.destroy();
    b.destroy();
  });
});
