import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  DeleteBucketTaggingCommand,
  GetBucketAccelerateConfigurationCommand,
  GetBucketAclCommand,
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketReplicationCommand,
  GetBucketRequestPaymentCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetBucketWebsiteCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLakebox, type TestLakebox } from '../support/lakebox.js';
import { s3Client } from '../support/s3.js';

let t: TestLakebox;
let s3: S3Client;
const Bucket = 'settings';
beforeAll(async () => {
  t = await startTestLakebox();
  s3 = s3Client(t);
  await s3.send(new CreateBucketCommand({ Bucket }));
});
afterAll(async () => {
  s3.destroy();
  await t[Symbol.asyncDispose]();
});

describe('S3 bucket settings as Terraform reads them', () => {
  it.each([
    ['policy', () => new GetBucketPolicyCommand({ Bucket }), 'NoSuchBucketPolicy'],
    ['CORS', () => new GetBucketCorsCommand({ Bucket }), 'NoSuchCORSConfiguration'],
    ['website', () => new GetBucketWebsiteCommand({ Bucket }), 'NoSuchWebsiteConfiguration'],
    ['lifecycle', () => new GetBucketLifecycleConfigurationCommand({ Bucket }), 'NoSuchLifecycleConfiguration'],
    ['replication', () => new GetBucketReplicationCommand({ Bucket }), 'ReplicationConfigurationNotFoundError'],
    ['object lock', () => new GetObjectLockConfigurationCommand({ Bucket }), 'ObjectLockConfigurationNotFoundError'],
    ['tagging', () => new GetBucketTaggingCommand({ Bucket }), 'NoSuchTagSet'],
  ] as const)('answers an unset %s with 404 %s', async (_what, command, code) => {
    // biome-ignore lint/suspicious/noExplicitAny: each command has its own output type
    await expect(s3.send(command() as any)).rejects.toMatchObject({ name: code, $metadata: { httpStatusCode: 404 } });
  });

  it('answers the defaults AWS gives a new bucket', async () => {
    const acl = await s3.send(new GetBucketAclCommand({ Bucket }));
    expect(acl.Owner?.ID).toBeDefined();
    expect(acl.Grants).toEqual([
      { Grantee: { ID: acl.Owner?.ID, DisplayName: 'lakebox', Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' },
    ]);
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBeUndefined();
    expect((await s3.send(new GetBucketAccelerateConfigurationCommand({ Bucket }))).Status).toBeUndefined();
    expect((await s3.send(new GetBucketRequestPaymentCommand({ Bucket }))).Payer).toBe('BucketOwner');
    expect((await s3.send(new GetBucketLoggingCommand({ Bucket }))).LoggingEnabled).toBeUndefined();
    const enc = await s3.send(new GetBucketEncryptionCommand({ Bucket }));
    expect(enc.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe(
      'AES256',
    );
    const own = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket }));
    expect(own.OwnershipControls?.Rules?.[0]?.ObjectOwnership).toBe('BucketOwnerEnforced');
    const pab = await s3.send(new GetPublicAccessBlockCommand({ Bucket }));
    expect(pab.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    await expect(s3.send(new DeleteBucketPolicyCommand({ Bucket }))).resolves.toBeDefined();
  });

  it('answers NoSuchBucket before anything else for a missing bucket', async () => {
    await expect(s3.send(new GetBucketPolicyCommand({ Bucket: 'missing-bucket' }))).rejects.toMatchObject({
      name: 'NoSuchBucket',
    });
  });

  it('stores bucket tags and the versioning status', async () => {
    await s3.send(
      new PutBucketTaggingCommand({
        Bucket,
        Tagging: {
          TagSet: [
            { Key: 'env', Value: 'dev' },
            { Key: 'team', Value: 'data' },
          ],
        },
      }),
    );
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket }))).TagSet).toEqual([
      { Key: 'env', Value: 'dev' },
      { Key: 'team', Value: 'data' },
    ]);
    await s3.send(new DeleteBucketTaggingCommand({ Bucket }));
    await expect(s3.send(new GetBucketTaggingCommand({ Bucket }))).rejects.toMatchObject({ name: 'NoSuchTagSet' });
    await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBe('Enabled');
    await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Suspended' } }));
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBe('Suspended');
  });
});
