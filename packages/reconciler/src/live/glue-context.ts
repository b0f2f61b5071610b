import { GetDatabasesCommand, GlueClient } from '@aws-sdk/client-glue';
import type { AwsContext } from '../resources/kind.js';

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
  const glue = new GlueClient({
    ...(endpoint ? { endpoint } : {}),
    ...(options.region ? { region: options.region } : {}),
    maxAttempts: options.maxAttempts ?? 5,
    retryMode: 'standard',
  });
  const region = await glue.config.region();
  let account: Promise<string> | undefined;
  return {
    glue,
    region,
    accountId() {
      account ??= resolveAccount(glue).catch((e: unknown) => {
        account = undefined;
        throw e;
      });
      return account;
    },
    close: () => glue.destroy(),
  };
}

/**
 * The account id, taken from the catalog itself (a database's CatalogId), so no other service or permission
 * is needed. With no database at all, the tags of a new table are written right after its database exists.
 */
async function resolveAccount(glue: GlueClient): Promise<string> {
  const out = await glue.send(new GetDatabasesCommand({ MaxResults: 1 }));
  const id = out.DatabaseList?.[0]?.CatalogId;
  if (!id) throw new Error('cannot tell the account id: the catalog has no database to read it from');
  return id;
}

/** The ARN partition of a region. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The Glue ARN of a catalog resource, for tags: `database/<db>`, `table/<db>/<table>`. */
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
