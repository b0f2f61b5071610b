import { crawlerKind } from './crawler.js';
import { databaseKind } from './database.js';
import { jobKind } from './job.js';
import type { ResourceKind } from './kind.js';
import { namedQueryKind } from './named-query.js';
import { tableKind } from './table.js';
import { triggerKind } from './trigger.js';
import { workgroupKind } from './workgroup.js';

/** Every resource kind the reconciler knows, in the order their spec sections are read. */
export const RESOURCE_KINDS: readonly ResourceKind[] = [
  databaseKind as ResourceKind,
  tableKind as ResourceKind,
  workgroupKind as ResourceKind,
  namedQueryKind as ResourceKind,
  jobKind as ResourceKind,
  crawlerKind as ResourceKind,
  triggerKind as ResourceKind,
];

/** The kind of an address (`table.sales.orders` → the table kind). */
export function kindOf(kind: string): ResourceKind {
  const found = RESOURCE_KINDS.find((k) => k.kind === kind);
  if (!found) throw new Error(`unknown resource kind '${kind}'`);
  return found;
}
