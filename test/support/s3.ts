import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { TEST_CREDENTIALS, type TestLakebox } from './lakebox.js';

/**
 * An S3 client pointed at a test lakebox (path style unless asked otherwise).
 *
 * @example
 * await using t = await startTestLakebox();
 * const s3 = s3Client(t);
 */
export function s3Client(t: Pick<TestLakebox, 'endpoint'>, config: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({
    endpoint: t.endpoint,
    region: 'us-east-1',
    credentials: TEST_CREDENTIALS,
    forcePathStyle: true,
    maxAttempts: 1,
    ...config,
  });
}

export function stsClient(t: Pick<TestLakebox, 'endpoint'>, accessKeyId = TEST_CREDENTIALS.accessKeyId): STSClient {
  return new STSClient({
    endpoint: t.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

/** Every file under `dir`, as paths relative to it (to check where object bytes landed). */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}
