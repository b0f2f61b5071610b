import { parseArn } from '@lakebox/shared';
import type { OpContext } from '../context.js';
import { getTags, putTags, removeTags } from '../glue/catalog/tags-store.js';
import { AWS_DATA_CATALOG } from './catalogs.js';
import { athenaErrors } from './errors.js';
import type { AthenaOperations } from './operations.js';
import { athenaPage, athenaPageSize, decodeAthenaToken } from './pagination.js';
import { dataCatalogArn, findWorkGroup, scopeOf, workGroupArn } from './workgroups-store.js';

/**
 * TagResource, UntagResource, ListTagsForResource for workgroups
 * (`arn:aws:athena:<region>:<account>:workgroup/<name>`) and data catalogs (`.../datacatalog/<name>`).
 * Tags are kept in the shared `resource_tags` table by ARN. At most 50 tags per resource, as Athena allows.
 *
 * LIMITATIONS: capacity reservations cannot be tagged (lakebox has none); message wording is lakebox's own.
 */

export const MAX_ATHENA_TAGS = 50;

function resolve(ctx: OpContext, arn: string): string {
  const parts = parseArn(arn);
  const scope = scopeOf(ctx);
  if (parts?.service !== 'athena' || (parts.region !== '' && parts.region !== ctx.region)) {
    throw athenaErrors.invalidInput(`Invalid resource ARN ${arn}.`);
  }
  const slash = parts.resource.indexOf('/');
  const type = parts.resource.slice(0, slash);
  const name = parts.resource.slice(slash + 1);
  if (type === 'workgroup' && findWorkGroup(ctx.db, scope, name)) return workGroupArn(scope, name);
  if (type === 'datacatalog' && name.toLowerCase() === AWS_DATA_CATALOG.toLowerCase()) {
    return dataCatalogArn(scope, AWS_DATA_CATALOG);
  }
  throw athenaErrors.resourceNotFound(`Resource ${arn} was not found.`);
}

export const tagResource: AthenaOperations['TagResource'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  const tags = Object.fromEntries((input.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
  ctx.db.transaction(() => {
    const arn = resolve(ctx, input.ResourceARN ?? '');
    const merged = { ...getTags(ctx.db, scope, arn), ...tags };
    if (Object.keys(merged).length > MAX_ATHENA_TAGS) {
      throw athenaErrors.invalidInput(`A resource can have at most ${MAX_ATHENA_TAGS} tags.`);
    }
    putTags(ctx.db, scope, arn, tags);
  })();
  return {};
};

export const untagResource: AthenaOperations['UntagResource'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  ctx.db.transaction(() => removeTags(ctx.db, scope, resolve(ctx, input.ResourceARN ?? ''), input.TagKeys ?? []))();
  return {};
};

export const listTagsForResource: AthenaOperations['ListTagsForResource'] = (ctx, input) => {
  const scope = scopeOf(ctx);
  const arn = resolve(ctx, input.ResourceARN ?? '');
  const size = athenaPageSize('ListTagsForResource', input.MaxResults);
  const after = decodeAthenaToken('ListTagsForResource', input.NextToken) ?? '';
  const all = Object.entries(getTags(ctx.db, scope, arn))
    .filter(([k]) => k > after)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([Key, Value]) => ({ Key, Value }));
  const { page, NextToken } = athenaPage('ListTagsForResource', all, size, (t) => t.Key);
  return { Tags: page, ...(NextToken ? { NextToken } : {}) };
};

export const tagOperations = {
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
} satisfies Partial<AthenaOperations>;
