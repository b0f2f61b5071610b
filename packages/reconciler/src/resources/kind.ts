import type { AthenaClient } from '@aws-sdk/client-athena';
import type { GlueClient } from '@aws-sdk/client-glue';
import type { S3Client } from '@aws-sdk/client-s3';
import type { AttrChange, Attrs, AttrValue, Change, LintCode } from '../diff/model.js';
import type { Schema } from '../spec/schema.js';
import type { LakeboxConfig } from '../spec/types.js';

/** What reading and applying need: SDK clients (public AWS API only) and where they point. */
export interface AwsContext {
  glue: GlueClient;
  athena: AthenaClient;
  /** Job scripts are uploaded with it; the S3 state backend uses it too. */
  s3: S3Client;
  region: string;
  /** The account id (the default catalog id); looked up once. */
  accountId(): Promise<string>;
}

/** A resource as read live, flattened for comparison. */
export interface LiveObject {
  address: string;
  id: string[];
  attrs: Attrs;
  /** The object's version, where the service has one (tables): compare-and-swap on update. */
  versionId?: string;
}

/** What a kind read live: every address that exists, details for the ones asked about. */
export interface LiveRead {
  addresses: string[];
  objects: Map<string, LiveObject>;
}

/**
 * One resource kind (database, table, and later job, crawler, trigger, workgroup ...): its spec schema,
 * how it is read live and flattened, what cannot change in place, what it depends on, and its calls.
 * A new kind is one module implementing this, added to `resources/registry.ts`.
 */
export interface ResourceKind<S = unknown> {
  /** `database`, `table`: the first segment of an address. */
  kind: string;
  /**
   * The family it is listed with: a plan reads (and lists as unmanaged) only the families the spec, the state
   * or a cross-reference mention, so a catalog-only spec never calls Athena.
   */
  group: 'catalog' | 'etl' | 'athena';
  /** The spec's top-level key listing resources of this kind. */
  specKey: Exclude<keyof LakeboxConfig, 'state'>;
  /** The schema of one entry in that list. */
  schema: Schema;
  /** The identifying names of a spec entry, folded as the service stores them. */
  id(spec: S): string[];
  /**
   * Addresses this resource needs to exist first (a table its database, a trigger its jobs). `spec` is the
   * entry when there is one (creates and updates); deletes only have the id.
   */
  dependencies(id: readonly string[], spec?: S | null): string[];
  /** Resolve what depends on where the spec file is (a job's local script path), before `check`. */
  prepare?(spec: S, specDir: string): S;
  /** Rules about one entry that the schema cannot say (paths relative to the entry). */
  check?(spec: S): { path: readonly (string | number)[]; message: string }[];
  /** Cross-references to check before any call: for each, the address and the spec path that names it. */
  references(spec: S): { address: string; path: (string | number)[] }[];
  /** Attribute paths (or prefixes ending in `.`) that cannot change in place: changing one replaces. */
  immutable: readonly string[];
  /** Live attributes the spec owns whole when it declares them (a table's columns). */
  owned(spec: S): RegExp[];
  /** The spec entry's attributes, with shorthands expanded and names folded. */
  flattenSpec(spec: S): Attrs;
  /** Hide changes that are only artefacts of flattening (the order of columns when only some were added). */
  refine?(changed: AttrChange[]): AttrChange[];
  /** Read every live resource of this kind; details only for `wanted` addresses, extra calls only for needed groups. */
  read(ctx: AwsContext, wanted: Wanted): Promise<LiveRead>;
  /** Resources the service itself creates and keeps (Athena's `primary` workgroup): never listed as unmanaged. */
  builtIn?(id: readonly string[]): boolean;
  /** Stable lint codes for a planned change. */
  lint(change: Change): LintCode[];
  create(ctx: AwsContext, change: Change): Promise<void>;
  /** Read the live object, merge the planned attribute changes into it, and write it back. */
  update(ctx: AwsContext, change: Change): Promise<void>;
  delete(ctx: AwsContext, change: Change): Promise<void>;
}

/**
 * The addresses to read in detail, each with the attribute groups the plan compares on it (the first path
 * segment: `tags`, `partitionIndexes` ...), so groups that need their own calls are read only when compared.
 */
export type Wanted = ReadonlyMap<string, ReadonlySet<string>>;

/** The attribute groups of some attribute sets. */
export function groupsOf(...sets: (Attrs | null | undefined)[]): Set<string> {
  const out = new Set<string>();
  for (const attrs of sets) for (const k of Object.keys(attrs ?? {})) out.add(k.split('.')[0]!);
  return out;
}

/** `kind.a.b` */
export const addressOf = (kind: string, id: readonly string[]): string => [kind, ...id].join('.');

/** Apply attribute changes to a flattened object: set `after`, remove what has no `after`. */
export function patchAttrs(attrs: Attrs, changed: readonly AttrChange[]): Attrs {
  const out: Attrs = { ...attrs };
  for (const c of changed) {
    if (c.after === undefined) delete out[c.path];
    else out[c.path] = c.after;
  }
  return out;
}

/** The `prefix.<key>` attributes of `attrs` as a string map (`parameters.x` → `{ x }`). */
export function stringMapOf(attrs: Attrs, prefix: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs))
    if (k.startsWith(prefix) && typeof v === 'string') out[k.slice(prefix.length)] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Drop attributes equal to the service's default, so a default written out equals one left unsaid. */
export function withoutDefaults(attrs: Attrs, defaults: Readonly<Attrs>): Attrs {
  const out: Attrs = {};
  for (const [k, v] of Object.entries(attrs)) if (!(k in defaults && defaults[k] === v)) out[k] = v;
  return out;
}

/** Put a value under a path when it is set. */
export function put(attrs: Attrs, path: string, value: AttrValue | undefined | null): void {
  if (value !== undefined && value !== null) attrs[path] = value;
}

/** A string attribute, or undefined. */
export const strAttr = (v: AttrValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
/** A number attribute, or undefined. */
export const numAttr = (v: AttrValue | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
/** A boolean attribute, or undefined. */
export const boolAttr = (v: AttrValue | undefined): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

/** Flatten a string map under a prefix. */
export function flattenMap(prefix: string, map: Record<string, string> | undefined): Attrs {
  const out: Attrs = {};
  for (const [k, v] of Object.entries(map ?? {})) out[`${prefix}${k}`] = v;
  return out;
}

/**
 * An IAM role as Glue compares it: the friendly name with its path. Glue answers with the name for a crawler
 * created with the role's ARN (`arn:aws:iam::123456789012:role/service-role/x` → `service-role/x`).
 */
export const roleName = (role: string): string => {
  const at = role.indexOf(':role/');
  return role.startsWith('arn:') && at >= 0 ? role.slice(at + ':role/'.length) : role;
};
