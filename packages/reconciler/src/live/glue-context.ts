import type { AthenaClient } from '@aws-sdk/client-athena';
import { GetDatabasesCommand, GlueClient } from '@aws-sdk/client-glue';
import type { S3Client } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsContext } from '../resources/kind.js';
import { athenaSdk, lazyClient, s3Sdk, stsSdk } from './sdk.js';

/** Where the reconciler talks to: lakebox (`endpoint`) or real AWS (default chain). */
export interface ConnectOptions {
  /** `--endpoint`, else `AWS_ENDPOINT_URL`, else the SDK's default (real AWS). */
  endpoint?: string;
  /** `--region`, else the SDK's default chain (AWS_REGION, profile). */
  region?: string;
  /** Bounded retries for throttling and 5xx (the SDK's standard retry mode); terminal errors fail at once. */
  maxAttempts?: number;
}

/**
 * Build the SDK clients. Retries are the SDK's standard mode: throttling and 5xx are retried with backoff up to
 * `maxAttempts`; validation, access and not-implemented errors fail at once.
 */
export async function connect(options: ConnectOptions = {}): Promise<AwsContext & { close(): void }> {
  const endpoint = options.endpoint ?? process.env['AWS_ENDPOINT_URL'];
  const common = {
    ...(endpoint ? { endpoint } : {}),
    ...(options.region ? { region: options.region } : {}),
    maxAttempts: options.maxAttempts ?? 5,
    retryMode: 'standard' as const,
  };
  const glue = new GlueClient(common);
  const region = await glue.config.region();
  // Loaded on first use: a catalog-only plan never needs them (and each costs start-up time).
  const athena = lazyClient<AthenaClient>(async () => new (await athenaSdk()).AthenaClient({ ...common, region }));
  // Path-style addressing when an endpoint is given: lakebox and other emulators serve one host.
  const s3 = lazyClient<S3Client>(
    async () => new (await s3Sdk()).S3Client({ ...common, region, ...(endpoint ? { forcePathStyle: true } : {}) }),
  );
  const sts = lazyClient<STSClient>(async () => new (await stsSdk()).STSClient({ ...common, region }));
  let account: Promise<string> | undefined;
  return {
    glue,
    athena,
    s3,
    region,
    accountId() {
      account ??= resolveAccount(glue, sts).catch((e: unknown) => {
        account = undefined;
        throw e;
      });
      return account;
    },
    close: () => {
      glue.destroy();
      athena.destroy();
      s3.destroy();
      sts.destroy();
    },
  };
}

/**
 * The account id, taken from the catalog itself (a database's CatalogId), so no other permission is needed;
 * with no database at all, from STS GetCallerIdentity (which needs no permission either).
 */
async function resolveAccount(glue: GlueClient, sts: STSClient): Promise<string> {
  const out = await glue.send(new GetDatabasesCommand({ MaxResults: 1 }));
  const id = out.DatabaseList?.[0]?.CatalogId;
  if (id) return id;
  const who = await sts.send(new (await stsSdk()).GetCallerIdentityCommand({}));
  if (!who.Account) throw new Error('cannot tell the account id: neither the catalog nor STS says it');
  return who.Account;
}

/** The ARN partition of a region. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The Glue ARN of a resource, for tags: `database/<db>`, `table/<db>/<table>`, `job/<name>` ... */
export async function glueArn(ctx: AwsContext, resource: string): Promise<string> {
  return `arn:${partitionOf(ctx.region)}:glue:${ctx.region}:${await ctx.accountId()}:${resource}`;
}

/** Run `fn` over `items` with at most `limit` in flight. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
