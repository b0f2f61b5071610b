import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';

const REGION_KEY = 'lakebox.region';
export const DEFAULT_REGION = 'us-east-1';

/** The region the console shows (each region of a lakebox is its own catalog, as on AWS). */
export function currentRegion(): string {
  return localStorage.getItem(REGION_KEY) || DEFAULT_REGION;
}

export function setRegion(region: string): void {
  localStorage.setItem(REGION_KEY, region);
  location.reload();
}

/**
 * SDK v3 clients pointed at the page's own origin: the emulator serves the console and every AWS API on one
 * port, so there is no CORS. lakebox accepts any credentials; these dummy ones select the default account.
 */
function clients(region: string) {
  const common = {
    endpoint: window.location.origin,
    region,
    credentials: { accessKeyId: 'lakebox-console', secretAccessKey: 'lakebox' },
    maxAttempts: 1,
  };
  return {
    glue: new GlueClient(common),
    athena: new AthenaClient(common),
    s3: new S3Client({ ...common, forcePathStyle: true }),
    logs: new CloudWatchLogsClient(common),
  };
}

export const aws = clients(currentRegion());

/** A readable one-line message for anything an SDK call throws. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) {
    const name = e.name && e.name !== 'Error' ? `${e.name}: ` : '';
    return `${name}${e.message}`;
  }
  return String(e);
}

/** Operations a lakebox without that module answers with this (jobs, crawlers... still being built). */
export function isUnsupported(e: unknown): boolean {
  const name = e instanceof Error ? e.name : '';
  const message = e instanceof Error ? e.message : '';
  return (
    name === 'UnknownOperationException' ||
    name === 'InternalFailure' ||
    /not (yet )?(implemented|supported)|does not serve|Unknown operation/i.test(message)
  );
}

/** Follow NextToken until it runs out (or `limit` items). */
export async function collect<T>(
  page: (token: string | undefined) => Promise<{ items: T[] | undefined; next: string | undefined }>,
  limit = 10_000,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const { items, next } = await page(token);
    out.push(...(items ?? []));
    token = next;
  } while (token && out.length < limit);
  return out;
}
