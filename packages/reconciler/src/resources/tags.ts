import { GetTagsCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-glue';
import type { AttrChange, Attrs } from '../diff/model.js';
import type { AwsContext } from './kind.js';
import { flattenMap } from './kind.js';

/** The live tags of a Glue resource, flattened as `tags.<key>`. */
export async function readTags(ctx: AwsContext, arn: string): Promise<Attrs> {
  const out = await ctx.glue.send(new GetTagsCommand({ ResourceArn: arn }));
  return flattenMap('tags.', out.Tags);
}

/** Write the planned `tags.*` changes: TagResource for added or changed keys, UntagResource for removed ones. */
export async function applyTagChanges(ctx: AwsContext, arn: string, changed: readonly AttrChange[]): Promise<void> {
  const add: Record<string, string> = {};
  const remove: string[] = [];
  for (const c of changed) {
    if (!c.path.startsWith('tags.')) continue;
    const key = c.path.slice('tags.'.length);
    if (typeof c.after === 'string') add[key] = c.after;
    else remove.push(key);
  }
  if (Object.keys(add).length > 0) await ctx.glue.send(new TagResourceCommand({ ResourceArn: arn, TagsToAdd: add }));
  if (remove.length > 0) await ctx.glue.send(new UntagResourceCommand({ ResourceArn: arn, TagsToRemove: remove }));
}
