import type { AttrChange, Attrs } from '../diff/model.js';
import { partitionOf } from '../live/glue-context.js';
import { athenaSdk } from '../live/sdk.js';
import type { AwsContext } from './kind.js';

/** An Athena workgroup's ARN, for tags. */
export async function workgroupArn(ctx: AwsContext, name: string): Promise<string> {
  return `arn:${partitionOf(ctx.region)}:athena:${ctx.region}:${await ctx.accountId()}:workgroup/${name}`;
}

/** The live tags of an Athena resource, flattened as `tags.<key>`. */
export async function readAthenaTags(ctx: AwsContext, arn: string): Promise<Attrs> {
  const out: Attrs = {};
  let token: string | undefined;
  do {
    const page = await ctx.athena.send(
      new (await athenaSdk()).ListTagsForResourceCommand({ ResourceARN: arn, NextToken: token }),
    );
    for (const t of page.Tags ?? []) if (t.Key !== undefined) out[`tags.${t.Key}`] = t.Value ?? '';
    token = page.NextToken;
  } while (token);
  return out;
}

/** Write the planned `tags.*` changes through Athena's TagResource/UntagResource. */
export async function applyAthenaTagChanges(
  ctx: AwsContext,
  arn: string,
  changed: readonly AttrChange[],
): Promise<void> {
  const add: { Key: string; Value: string }[] = [];
  const remove: string[] = [];
  for (const c of changed) {
    if (!c.path.startsWith('tags.')) continue;
    const key = c.path.slice('tags.'.length);
    if (typeof c.after === 'string') add.push({ Key: key, Value: c.after });
    else remove.push(key);
  }
  if (add.length > 0)
    await ctx.athena.send(new (await athenaSdk()).TagResourceCommand({ ResourceARN: arn, Tags: add }));
  if (remove.length > 0)
    await ctx.athena.send(new (await athenaSdk()).UntagResourceCommand({ ResourceARN: arn, TagKeys: remove }));
}
