import { glueArn, parseArn } from '@lakebox/shared';
import type { OpContext } from '../../context.js';
import { errors } from '../../protocol/errors.js';
import type { Db } from '../../store/sqlite.js';
import type { GlueOperations } from '../operations.js';
import { requireDatabase } from './databases.js';
import { arns, type CatalogScope, foldName } from './scope.js';
import { requireTable } from './tables-store.js';
import { getTags, putTags, removeTags } from './tags-store.js';

/**
 * TagResource, UntagResource and GetTags, addressed by Glue ARN
 * (`arn:aws:glue:<region>:<account>:database/<db>`, `table/<db>/<table>`, `catalog`, ...).
 *
 * An empty account field (`arn:aws:glue:us-east-1::database/x`, what Terraform sends when it skips the
 * account lookup) means the caller's account. The resource must exist. Tag rules, as the Glue developer guide
 * states them: at most 50 tags per resource; keys 1-128 and values 0-256 characters (the request validator
 * checks those lengths); neither keys nor values may start with `aws:`.
 *
 * LIMITATIONS: the ARN's region must be the request's region (lakebox keeps one catalog per region and does
 * not answer for another). Resource types whose modules are not written yet are known but never exist.
 */

/** Most tags one resource may carry. */
export const MAX_TAGS_PER_RESOURCE = 50;

/** How a taggable Glue resource type is named in an ARN and how to tell whether one exists. */
export interface TaggableResourceType {
  /**
   * How many names follow the type in the ARN: `catalog` 0, `database/<db>` 1, `table/<db>/<table>` 2.
   * Undefined: one or more (types lakebox does not model yet, whose shapes it does not check).
   */
  names?: number;
  /** Whether Glue keeps these names in lower case (catalog objects do; jobs and crawlers keep their case). */
  foldsNames: boolean;
  /** Throw the resource's own EntityNotFoundException if it does not exist. */
  requireExists(db: Db, scope: CatalogScope, names: readonly string[]): void;
}

const notModelledYet = (label: string): TaggableResourceType => ({
  foldsNames: false,
  requireExists: (_db, _scope, names) => {
    throw errors.entityNotFound(`${label} ${names.join('/')} not found.`);
  },
});

/**
 * Taggable resource types by the ARN's type segment. Modules that add a resource (jobs, crawlers, ...)
 * replace their entry with `registerTaggableResource`; until then those resources never exist.
 */
const taggable = new Map<string, TaggableResourceType>([
  ['catalog', { names: 0, foldsNames: true, requireExists: () => {} }],
  [
    'database',
    { names: 1, foldsNames: true, requireExists: (db, scope, [name = '']) => requireDatabase(db, scope, name) },
  ],
  [
    'table',
    {
      names: 2,
      foldsNames: true,
      requireExists: (db, scope, [database = '', table = '']) => {
        requireDatabase(db, scope, database);
        requireTable(db, scope, database, table);
      },
    },
  ],
  ['job', notModelledYet('Job')],
  ['crawler', notModelledYet('Crawler')],
  ['trigger', notModelledYet('Trigger')],
  ['workflow', notModelledYet('Workflow')],
  ['connection', notModelledYet('Connection')],
  ['devEndpoint', notModelledYet('Development endpoint')],
  ['mlTransform', notModelledYet('ML transform')],
  ['blueprint', notModelledYet('Blueprint')],
  ['session', notModelledYet('Session')],
  ['dataQualityRuleset', notModelledYet('Data quality ruleset')],
  ['registry', notModelledYet('Registry')],
  ['schema', notModelledYet('Schema')],
  ['userDefinedFunction', notModelledYet('Function')],
]);

/**
 * Plug a resource type into TagResource/UntagResource/GetTags.
 *
 * @example
 * registerTaggableResource('job', { names: 1, foldsNames: false, requireExists: (db, scope, [name = '']) => requireJob(db, scope, name) });
 */
export function registerTaggableResource(type: string, definition: TaggableResourceType): void {
  taggable.set(type, definition);
}

/** The resource an ARN names, checked to exist, and the ARN its tags are kept under. */
interface TagTarget {
  scope: CatalogScope;
  arn: string;
}

function invalidArn(arn: string, why: string) {
  return errors.invalidInput(`Invalid resource ARN ${arn}: ${why}.`);
}

function resolveTarget(ctx: OpContext, resourceArn: string): TagTarget {
  const parts = parseArn(resourceArn);
  if (parts?.service !== 'glue') throw invalidArn(resourceArn, 'not a Glue ARN');
  if (parts.account !== '' && !/^\d{12}$/.test(parts.account)) throw invalidArn(resourceArn, 'bad account id');
  if (parts.region !== '' && parts.region !== ctx.region) {
    throw invalidArn(resourceArn, `region ${parts.region} is not the region of this request (${ctx.region})`);
  }
  const [type = '', ...rawNames] = parts.resource.split('/');
  const definition = taggable.get(type);
  if (!definition) throw invalidArn(resourceArn, `unknown resource type "${type}"`);
  const arity = definition.names;
  const wrongShape = arity === undefined ? rawNames.length === 0 : rawNames.length !== arity;
  if (wrongShape || rawNames.some((n) => n === '')) throw invalidArn(resourceArn, `malformed ${type} resource`);
  const names = definition.foldsNames ? rawNames.map(foldName) : rawNames;
  const scope: CatalogScope = { account: parts.account === '' ? ctx.account : parts.account, region: ctx.region };
  definition.requireExists(ctx.db, scope, names);
  return { scope, arn: canonicalArn(scope, type, names) };
}

/** The ARN tags are stored under: full account, folded names; what CreateDatabase's `Tags` use too. */
function canonicalArn(scope: CatalogScope, type: string, names: readonly string[]): string {
  if (type === 'catalog') return arns.catalog(scope);
  if (type === 'database') return arns.database(scope, names[0] ?? '');
  if (type === 'table') return arns.table(scope, names[0] ?? '', names[1] ?? '');
  return glueArn({ ...scope, resource: [type, ...names].join('/') });
}

function rejectReserved(what: 'key' | 'value', text: string): void {
  if (text.toLowerCase().startsWith('aws:')) {
    throw errors.invalidInput(`Tag ${what} ${text} is not allowed: the aws: prefix is reserved for AWS.`);
  }
}

export const tagResource: GlueOperations['TagResource'] = (ctx, input) => {
  const tags = input.TagsToAdd ?? {};
  for (const [k, v] of Object.entries(tags)) {
    rejectReserved('key', k);
    rejectReserved('value', v);
  }
  ctx.db.transaction(() => {
    const { scope, arn } = resolveTarget(ctx, input.ResourceArn ?? '');
    const merged = { ...getTags(ctx.db, scope, arn), ...tags };
    const count = Object.keys(merged).length;
    if (count > MAX_TAGS_PER_RESOURCE) {
      throw errors.invalidInput(
        `Too many tags: the resource would have ${count}; at most ${MAX_TAGS_PER_RESOURCE} are allowed.`,
      );
    }
    putTags(ctx.db, scope, arn, tags);
  })();
  return {};
};

export const untagResource: GlueOperations['UntagResource'] = (ctx, input) => {
  const keys = input.TagsToRemove ?? [];
  for (const k of keys) rejectReserved('key', k);
  ctx.db.transaction(() => {
    const { scope, arn } = resolveTarget(ctx, input.ResourceArn ?? '');
    removeTags(ctx.db, scope, arn, keys);
  })();
  return {};
};

export const getTagsOperation: GlueOperations['GetTags'] = (ctx, input) => {
  const { scope, arn } = resolveTarget(ctx, input.ResourceArn ?? '');
  return { Tags: getTags(ctx.db, scope, arn) };
};

export const tagOperations = {
  TagResource: tagResource,
  UntagResource: untagResource,
  GetTags: getTagsOperation,
} satisfies Partial<GlueOperations>;
