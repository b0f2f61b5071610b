/**
 * The data files of a table or partition location, found through the object store as Athena lists them:
 * every object under the location (a folder: `s3://b/t` and `s3://b/t/` are the same), recursively,
 * except those with a path segment after the location that starts with `_` or `.` (`_SUCCESS`,
 * `.crc`, `_temporary/`), and folder markers (keys ending in `/`).
 */
import type { Lakebox } from '../../context.js';
import { listObjects, parseS3Uri } from '../../s3/object-store.js';
import { userError } from './errors.js';

export interface DataFile {
  path: string;
  size: number;
  etag: string;
}

export function locationFiles(lakebox: Lakebox, location: string | undefined): DataFile[] {
  if (!location) return [];
  const uri = parseS3Uri(location);
  if (!uri) throw userError('GENERIC_USER_ERROR', `Table location is not an S3 location: ${location}`);
  const prefix = uri.key === '' || uri.key.endsWith('/') ? uri.key : `${uri.key}/`;
  const files: DataFile[] = [];
  for (const o of listObjects(lakebox, uri.bucket, prefix)) {
    const rest = o.key.slice(prefix.length);
    if (rest === '' || rest.endsWith('/')) continue;
    if (rest.split('/').some((s) => s.startsWith('_') || s.startsWith('.'))) continue;
    files.push({ path: o.path, size: o.size, etag: o.etag });
  }
  return files;
}
