/**
 * The plan: plain, serializable data. It round-trips through JSON, so `plan --out plan.json` and
 * `apply plan.json` and the snapshot tests need nothing more. Rendering lives in `render/`.
 */

/** A JSON value an attribute can hold. */
export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };

/**
 * A resource flattened to comparable attributes: `description`, `parameters.classification`,
 * `columns.id.type`, `columns.$order`, `partitionIndexes.by_day`, `tags.team` ... Absent means unset.
 */
export type Attrs = Record<string, AttrValue>;

/** The closed action vocabulary (Pulumi's names). */
export type Action = 'create' | 'update' | 'replace' | 'delete' | 'noop';

/** One attribute that differs. `before`/`after` are undefined when unset on that side. */
export interface AttrChange {
  path: string;
  before?: AttrValue;
  after?: AttrValue;
}

/**
 * Stable codes for destructive and risky changes, shown in text and JSON output.
 * DS: destroys data or metadata. BC: backward incompatible for readers.
 */
export const LINT_CODES = {
  DS101: 'deletes a database',
  DS102: 'deletes a table',
  DS103: 'drops a column',
  DS104: 'replaces the resource (delete, then create: partitions and other live state are lost)',
  DS105: 'deletes a job (its run history goes with it)',
  DS106: 'deletes an Athena workgroup (its query history goes with it)',
  BC201: "changes a column's type",
  BC202: 'changes the partition keys',
} as const;

export type LintCode = keyof typeof LINT_CODES;

/** What should happen to one resource. */
export interface Change {
  /** `database.sales`, `table.sales.orders`. */
  address: string;
  kind: string;
  /** The identifying names (`['sales', 'orders']`), folded as the service stores them. */
  id: string[];
  action: Action;
  /** Compared attributes as they are live (null: does not exist). */
  before: Attrs | null;
  /** Compared attributes as the spec wants them (null: should not exist). */
  after: Attrs | null;
  /** The attributes that differ; empty for noop. */
  changed: AttrChange[];
  /** The spec entry, for apply to build its calls (null for deletes). */
  spec: unknown;
  /** For display only; apply never branches on it. */
  reason?: string;
  /** The changed attributes that force a replace. */
  requiresReplace?: string[];
  destructive?: boolean;
  lint?: LintCode[];
  /** The spec (or, for a delete, the last applied spec) allows destructive changes to this resource. */
  allowDestructive?: true;
  /** The live object's version the plan was made against (tables): apply fails the change if it moved. */
  versionId?: string;
}

/** A managed resource changed outside the tool since the last apply. */
export interface Drift {
  address: string;
  kind: string;
  /** `deleted`: the resource is gone; `changed`: the attributes below differ from what was applied. */
  type: 'changed' | 'deleted';
  changed: AttrChange[];
}

/** A resource the plan cannot handle without a person deciding. */
export interface PlanError {
  address: string;
  message: string;
}

export interface Plan {
  /** Format version of this document. */
  formatVersion: 1;
  createdAt: string;
  /** Every resource in the spec or the state, in dependency order (deletes reversed), noops included. */
  changes: Change[];
  /** Managed resources changed outside the tool (before this plan; the plan already accounts for it). */
  drift: Drift[];
  /** Live resources neither the spec nor the state mention: listed, never touched. */
  unmanaged: string[];
  errors: PlanError[];
  /** The state serial the plan was made against: apply refuses a saved plan when it has moved. */
  stateSerial: number;
  /** The lineage of that state (absent: no state file yet): apply refuses a plan made for another state. */
  stateLineage?: string;
  /** False when `errors` is not empty. */
  applyable: boolean;
  summary: { create: number; update: number; replace: number; delete: number; noop: number };
}
