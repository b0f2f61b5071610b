/**
 * ARNs of Glue catalog resources, e.g. `arn:aws:glue:us-east-1:123456789012:table/db/tbl`.
 *
 * @example
 * glueArn({ region: 'us-east-1', account: '123456789012', resource: 'database/sales' })
 */
export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  /** May be empty: Terraform sends ARNs without an account when told to skip the account lookup. */
  account: string;
  resource: string;
}

export function parseArn(arn: string): ArnParts | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', account = ''] = parts;
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

export function formatArn(p: Omit<ArnParts, 'partition'> & { partition?: string }): string {
  return `arn:${p.partition ?? 'aws'}:${p.service}:${p.region}:${p.account}:${p.resource}`;
}

export function glueArn(p: { region: string; account: string; resource: string }): string {
  return formatArn({ service: 'glue', ...p });
}
