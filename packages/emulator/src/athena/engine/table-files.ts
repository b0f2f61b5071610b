/**
 * The data files of a table or partition location, found through the object store as Athena lists them:
 * every object under the location (a folder: `s3://b/t` and `s3://b/t/` are the same), recursively,
 * except those with a path segment after the location that starts with `_` or `.` (`_SUCCESS`,
 * `.crc`, `_temporary/`), and folder markers (keys ending in `/`).
 */
import type { Lakebox } from '../../context.js';
import { listObjects, parseS3Uri, type StoredObject } from '../../s3/object-store.js';
import { userError } from './errors.js';
import { dependOnBucket } from './prepared-queries.js';

export interface DataFile {
  /** Absolute path of the bytes (what DuckDB reads). */
  path: string;
  size: number;
  etag: string;
  /** `s3://bucket/key`: the file's `"$path"`. */
  uri: string;
  lastModified: Date;
}

export function locationFiles(lakebox: Lakebox, location: string | undefined): DataFile[] {
  const folder = locationFolder(location);
  return folder ? listFolder(lakebox, folder.bucket, folder.prefix) : [];
}

/** Below this many locations, each is listed on its own. */
const LIST_TOGETHER_FROM = 8;

/**
 * The data files of a table's partition locations, in the same order. When there are many, all lying in
 * the table's location, that folder is listed once (one query instead of one per partition).
 */
export function partitionFiles(
  lakebox: Lakebox,
  tableLocation: string | undefined,
  locations: readonly (string | undefined)[],
): DataFile[][] {
  const folders = locations.map(locationFolder);
  const table = locationFolder(tableLocation);
  const together =
    table !== undefined &&
    folders.length >= LIST_TOGETHER_FROM &&
    folders.every((f) => f !== undefined && f.bucket === table.bucket && f.prefix.startsWith(table.prefix));
  for (const f of folders) if (f) dependOnBucket(f.bucket);
  if (!together) return folders.map((f) => (f ? listFolder(lakebox, f.bucket, f.prefix) : []));
  const byPrefix = new Map<string, DataFile[]>();
  for (const f of folders) if (f) byPrefix.set(f.prefix, []);
  for (const o of listObjects(lakebox, table.bucket, table.prefix)) {
    const root = byPrefix.get('');
    const atRoot = root && dataFile(o, '');
    if (atRoot) root?.push(atRoot);
    // Each folder of the key that is a location gets the object (a key can lie in nested locations).
    for (let at = o.key.indexOf('/'); at >= 0; at = o.key.indexOf('/', at + 1)) {
      const prefix = o.key.slice(0, at + 1);
      const files = byPrefix.get(prefix);
      const file = files && dataFile(o, prefix);
      if (file) files?.push(file);
    }
  }
  return folders.map((f) => (f ? [...(byPrefix.get(f.prefix) ?? [])] : []));
}

function locationFolder(location: string | undefined): { bucket: string; prefix: string } | undefined {
  if (!location) return undefined;
  const uri = parseS3Uri(location);
  if (!uri) throw userError('GENERIC_USER_ERROR', `Table location is not an S3 location: ${location}`);
  return { bucket: uri.bucket, prefix: uri.key === '' || uri.key.endsWith('/') ? uri.key : `${uri.key}/` };
}

function listFolder(lakebox: Lakebox, bucket: string, prefix: string): DataFile[] {
  dependOnBucket(bucket);
  const files: DataFile[] = [];
  for (const o of listObjects(lakebox, bucket, prefix)) {
    const file = dataFile(o, prefix);
    if (file) files.push(file);
  }
  return files;
}

/** The object as a data file of the folder `prefix`, or undefined when Athena skips it. */
function dataFile(o: StoredObject, prefix: string): DataFile | undefined {
  const rest = o.key.slice(prefix.length);
  if (rest === '' || rest.endsWith('/')) return undefined;
  if (rest.split('/').some((s) => s.startsWith('_') || s.startsWith('.'))) return undefined;
  return { path: o.path, size: o.size, etag: o.etag, uri: `s3://${o.bucket}/${o.key}`, lastModified: o.lastModified };
}
