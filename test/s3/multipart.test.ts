import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  NoSuchUpload,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLakebox, type TestLakebox } from '../support/lakebox.js';
import { filesUnder, s3Client } from '../support/s3.js';

let t: TestLakebox;
let s3: S3Client;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lakebox-mp-'));
  t = await startTestLakebox({ dataDir });
  s3 = s3Client(t);
  await s3.send(new CreateBucketCommand({ Bucket: 'mpu' }));
});
afterAll(async () => {
  s3.destroy();
  await t[Symbol.asyncDispose]();
  rmSync(dataDir, { recursive: true, force: true });
});

const MiB = 1024 * 1024;
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest();

async function upload(
  key: string,
  parts: Buffer[],
  extra: { ContentType?: string; Metadata?: Record<string, string> } = {},
) {
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'mpu', Key: key, ...extra }));
  const done: Array<{ PartNumber: number; ETag: string }> = [];
  for (const [i, body] of parts.entries()) {
    const r = await s3.send(
      new UploadPartCommand({ Bucket: 'mpu', Key: key, UploadId, PartNumber: i + 1, Body: body }),
    );
    done.push({ PartNumber: i + 1, ETag: r.ETag ?? '' });
  }
  return { UploadId: UploadId ?? '', done };
}

describe('S3 multipart uploads', () => {
  it('completes an upload with the multipart ETag (MD5 of part MD5s + -N)', async () => {
    const p1 = Buffer.alloc(5 * MiB, 1);
    const p2 = Buffer.alloc(5 * MiB, 2);
    const p3 = Buffer.from('tail');
    const { UploadId, done } = await upload('big.bin', [p1, p2, p3], {
      ContentType: 'application/x-bin',
      Metadata: { a: 'b' },
    });
    expect(done[0]?.ETag).toBe(`"${md5(p1).toString('hex')}"`);
    const parts = await s3.send(new ListPartsCommand({ Bucket: 'mpu', Key: 'big.bin', UploadId }));
    expect(parts.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([
      [1, 5 * MiB],
      [2, 5 * MiB],
      [3, 4],
    ]);
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: 'mpu' }));
    expect(uploads.Uploads?.map((u) => u.UploadId)).toEqual([UploadId]);
    const complete = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: 'mpu', Key: 'big.bin', UploadId, MultipartUpload: { Parts: done } }),
    );
    const expected = `"${createHash('md5')
      .update(Buffer.concat([md5(p1), md5(p2), md5(p3)]))
      .digest('hex')}-3"`;
    expect(complete.ETag).toBe(expected);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'mpu', Key: 'big.bin' }));
    expect(head).toMatchObject({
      ETag: expected,
      ContentLength: 10 * MiB + 4,
      ContentType: 'application/x-bin',
      Metadata: { a: 'b' },
    });
    const got = await s3.send(
      new GetObjectCommand({ Bucket: 'mpu', Key: 'big.bin', Range: `bytes=${5 * MiB - 1}-${5 * MiB}` }),
    );
    expect([...(await got.Body!.transformToByteArray())]).toEqual([1, 2]);
    // The upload is gone, and so are its part files.
    await expect(s3.send(new ListPartsCommand({ Bucket: 'mpu', Key: 'big.bin', UploadId }))).rejects.toBeInstanceOf(
      NoSuchUpload,
    );
    expect(filesUnder(join(dataDir, 's3'))).toEqual(['mpu/big.bin']);
  });

  it('refuses parts under 5 MiB except the last (EntityTooSmall)', async () => {
    const { UploadId, done } = await upload('small.bin', [Buffer.from('a'), Buffer.from('b')]);
    await expect(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'mpu',
          Key: 'small.bin',
          UploadId,
          MultipartUpload: { Parts: done },
        }),
      ),
    ).rejects.toMatchObject({ name: 'EntityTooSmall', $metadata: { httpStatusCode: 400 } });
    // A single small part is fine: it is the last one.
    const one = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'mpu',
        Key: 'small.bin',
        UploadId,
        MultipartUpload: { Parts: [done[0] as { PartNumber: number; ETag: string }] },
      }),
    );
    expect(one.ETag).toMatch(/-1"$/);
  });

  it('answers InvalidPart, InvalidPartOrder and NoSuchUpload', async () => {
    const { UploadId, done } = await upload('bad.bin', [Buffer.alloc(5 * MiB), Buffer.from('x')]);
    const complete = (Parts: Array<{ PartNumber: number; ETag: string }>) =>
      s3.send(
        new CompleteMultipartUploadCommand({ Bucket: 'mpu', Key: 'bad.bin', UploadId, MultipartUpload: { Parts } }),
      );
    await expect(complete([{ PartNumber: 1, ETag: '"0000"' }])).rejects.toMatchObject({ name: 'InvalidPart' });
    await expect(complete([{ PartNumber: 9, ETag: done[0]?.ETag ?? '' }])).rejects.toMatchObject({
      name: 'InvalidPart',
    });
    await expect(complete([...done].reverse())).rejects.toMatchObject({ name: 'InvalidPartOrder' });
    await expect(
      s3.send(new UploadPartCommand({ Bucket: 'mpu', Key: 'bad.bin', UploadId: 'nope', PartNumber: 1, Body: 'x' })),
    ).rejects.toBeInstanceOf(NoSuchUpload);
    await s3.send(new AbortMultipartUploadCommand({ Bucket: 'mpu', Key: 'bad.bin', UploadId }));
    await expect(complete(done)).rejects.toMatchObject({ name: 'NoSuchUpload', $metadata: { httpStatusCode: 404 } });
    await expect(
      s3.send(new AbortMultipartUploadCommand({ Bucket: 'mpu', Key: 'bad.bin', UploadId })),
    ).rejects.toBeInstanceOf(NoSuchUpload);
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'mpu', Key: 'bad.bin' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('keeps a composite checksum when the upload names an algorithm', async () => {
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'mpu', Key: 'sum.bin', ChecksumAlgorithm: 'CRC32' }),
    );
    const parts = [Buffer.alloc(5 * MiB, 7), Buffer.from('end')];
    const done = [];
    for (const [i, Body] of parts.entries()) {
      const r = await s3.send(
        new UploadPartCommand({
          Bucket: 'mpu',
          Key: 'sum.bin',
          UploadId,
          PartNumber: i + 1,
          Body,
          ChecksumAlgorithm: 'CRC32',
        }),
      );
      expect(r.ChecksumCRC32).toBeDefined();
      done.push({ PartNumber: i + 1, ETag: r.ETag, ChecksumCRC32: r.ChecksumCRC32 });
    }
    const c = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: 'mpu', Key: 'sum.bin', UploadId, MultipartUpload: { Parts: done } }),
    );
    expect(c.ChecksumCRC32).toMatch(/-2$/);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'mpu', Key: 'sum.bin', ChecksumMode: 'ENABLED' }));
    expect((await got.Body!.transformToByteArray()).length).toBe(5 * MiB + 3);
  });
});
