/**
 * `MSCK REPAIR TABLE`: scans the table location for Hive-style `key=value/` folders (the table's partition
 * keys, in order) and registers the partitions the catalog does not have. It only adds: partitions whose
 * folders are gone stay registered, as in Athena. The report lines are Hive's.
 */
import type { PartitionInput } from '@aws-sdk/client-glue';
import { listObjects, parseS3Uri } from '../../../s3/object-store.js';
import { userError } from '../errors.js';
import { catalogWrites, type DdlScope, partitionsOf, requireTable } from './catalog.js';
import type { TableName } from './parse.js';

export async function repairTable(s: DdlScope, ref: TableName): Promise<string[]> {
  const { database, name, table } = requireTable(s, ref);
  const keys = (table.PartitionKeys ?? []).map((k) => (k.Name ?? '').toLowerCase());
  if (keys.length === 0) return [];
  const location = table.StorageDescriptor?.Location ?? '';
  const uri = parseS3Uri(location);
  if (!uri) throw userError('GENERIC_USER_ERROR', `Table location is not an S3 location: ${location}`);
  const prefix = uri.key === '' || uri.key.endsWith('/') ? uri.key : `${uri.key}/`;
  const base = `s3://${uri.bucket}/${prefix}`;
  const registered = new Set(partitionsOf(s, database, name).map((p) => JSON.stringify(p.Values ?? [])));
  const found = new Map<string, { values: string[]; path: string }>();
  for (const o of listObjects(s.lakebox, uri.bucket, prefix)) {
    const segments = o.key.slice(prefix.length).split('/');
    if (segments.length <= keys.length) continue; // the partition folders, then a file name (or '' for a marker)
    const values: string[] = [];
    for (let i = 0; i < keys.length; i++) {
      const segment = segments[i] ?? '';
      const at = segment.indexOf('=');
      if (at < 0 || segment.slice(0, at).toLowerCase() !== keys[i]) break;
      values.push(unescapePathName(segment.slice(at + 1)));
    }
    if (values.length !== keys.length) continue;
    const id = JSON.stringify(values);
    if (registered.has(id) || found.has(id)) continue;
    found.set(id, { values, path: segments.slice(0, keys.length).join('/') });
  }
  const added = [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (added.length === 0) return [];
  const inputs: PartitionInput[] = added.map((p) => ({
    Values: p.values,
    StorageDescriptor: { ...table.StorageDescriptor, Location: `${base}${p.path}` },
  }));
  await catalogWrites.createPartitions(s, database, name, inputs);
  return [
    `Partitions not in metastore:\t${added.map((p) => `${name}:${p.path}`).join('\t')}`,
    ...added.map((p) => `Repair: Added partition to metastore ${name}:${p.path}`),
  ];
}

/** Hive's `FileUtils.unescapePathName`: `%XX` back to the character. */
export function unescapePathName(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
