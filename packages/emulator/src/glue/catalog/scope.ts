import { glueArn } from '@lakebox/shared';
import type { OpContext } from '../../context.js';

/** Which catalog a request addresses: `CatalogId` if given (cross-account), else the caller's account. */
export interface CatalogScope {
  account: string;
  region: string;
}

/** `CatalogId: ""` (what Terraform sends when it skips the account lookup) means the caller's catalog. */
export function catalogScope(ctx: OpContext, catalogId: string | undefined): CatalogScope {
  return { account: catalogId ? catalogId : ctx.account, region: ctx.region };
}

/** Glue stores database and table names in lower case, whatever case they were given in. */
export function foldName(name: string): string {
  return name.toLowerCase();
}

export const arns = {
  catalog: (s: CatalogScope) => glueArn({ ...s, resource: 'catalog' }),
  database: (s: CatalogScope, db: string) => glueArn({ ...s, resource: `database/${db}` }),
  table: (s: CatalogScope, db: string, table: string) => glueArn({ ...s, resource: `table/${db}/${table}` }),
};
