import { createHash } from 'node:crypto';
import { lstatSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Lakebox } from '../context.js';

/**
 * Where object bytes live: `<rootDir>/s3/<bucket>/<relative file>`.
 *
 * The common key (`dir/file.parquet`) is its own relative path, so DuckDB globs and people browsing the data
 * directory see real folders. A key that cannot be that path (a `..`, `.` or empty segment, a trailing `/`,
 * NUL, control characters or a backslash, a segment over 255 bytes, a key whose file or folder is already
 * taken by another key, e.g. `a` when `a/b` exists) goes to `.lakebox-keys/<sha256 of the key>` instead.
 * Bucket names never start with `.`, and keys under `.lakebox-keys/` are never natural, so the two never meet.
 * The chosen path is recorded in SQLite; every path is resolved and checked to stay inside the bucket folder.
 */

/** Folder (inside a bucket's folder) of the objects whose key is not a plain relative path. */
export const ESCAPED_DIR = '.lakebox-keys';
const MAX_SEGMENT_BYTES = 255;
const MAX_PATH_BYTES = 3000;

/** `<rootDir>/s3`: every bucket folder, and `.uploads` (multipart parts), which no bucket name can be. */
export function s3Root(lakebox: Lakebox): string {
  return join(lakebox.rootDir, 's3');
}

export function bucketDir(lakebox: Lakebox, bucket: string): string {
  if (!/^[a-z0-9][a-z0-9.-]{0,62}$/.test(bucket) || bucket.includes('..')) {
    throw new Error(`lakebox: not a bucket name: ${JSON.stringify(bucket)}`);
  }
  return join(s3Root(lakebox), bucket);
}

/** The relative path a key would have if it is plain, else undefined. Pure: no file system access. */
export function naturalPath(key: string): string | undefined {
  if (key.length === 0 || key.endsWith('/') || Buffer.byteLength(key) > MAX_PATH_BYTES) return undefined;
  // Lone surrogates do not survive UTF-8 file names.
  if (Buffer.from(key, 'utf8').toString('utf8') !== key) return undefined;
  const segments = key.split('/');
  if (segments[0] === ESCAPED_DIR) return undefined;
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..' || Buffer.byteLength(s) > MAX_SEGMENT_BYTES) return undefined;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
    if (/[\u0000-\u001f\u007f\\]/.test(s)) return undefined;
  }
  return segments.join(sep);
}

/** The path of a key that is not plain (or whose plain path is taken). */
export function escapedPath(key: string): string {
  return join(ESCAPED_DIR, createHash('sha256').update(key, 'utf8').digest('hex'));
}

/**
 * Choose the relative file of `key` in `dir` (the bucket folder): its natural path unless something on the
 * way is not a folder (a file, a symlink) or the path itself is a folder; else the escaped path.
 */
export function placeKey(dir: string, key: string): string {
  const natural = naturalPath(key);
  if (natural === undefined) return escapedPath(key);
  const parts = natural.split(sep);
  let at = dir;
  for (let i = 0; i < parts.length; i++) {
    at = join(at, parts[i] as string);
    const st = lstatSync(at, { throwIfNoEntry: false });
    if (!st) return natural;
    const last = i === parts.length - 1;
    if (!last && !st.isDirectory()) return escapedPath(key);
    // A file already there is this key's own (replaced in place) or a stray one no object owns: no other
    // key has this natural path.
    if (last) return st.isFile() ? natural : escapedPath(key);
  }
  return natural;
}

/** Absolute path of a relative object file, refusing anything that would resolve outside `dir`. */
export function insideDir(dir: string, rel: string): string {
  const abs = resolve(dir, rel);
  const back = relative(dir, abs);
  if (back === '' || back.startsWith('..') || resolve(dir, back) !== abs || back.split(sep).includes('..')) {
    throw new Error(`lakebox: object path escapes its bucket folder: ${JSON.stringify(rel)}`);
  }
  return abs;
}
