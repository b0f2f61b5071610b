import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Lakebox } from '../context.js';
import { s3Errors } from './errors.js';
import { initObjectStore } from './object-store.js';
import { bucketDir, s3Root } from './paths.js';

/** Bucket settings lakebox stores, as JSON in `s3_buckets.doc`. */
export interface BucketDoc {
  tags?: Array<[string, string]>;
  /** `Enabled` or `Suspended` once set; absent for a bucket never versioned. Stored only: no versions are kept. */
  versioning?: string;
}

export interface Bucket {
  name: string;
  account: string;
  region: string;
  created: Date;
  doc: BucketDoc;
}

interface BucketRow {
  name: string;
  account: string;
  region: string;
  created_ms: number;
  doc: string;
}

/** Bucket naming rules (general purpose buckets): 3-63 of [a-z0-9.-], start and end alphanumeric, no `..`, not an IP address. */
export function isValidBucketName(name: string): boolean {
  return (
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !name.startsWith('xn--') &&
    !name.endsWith('-s3alias')
  );
}

export function getBucket(lakebox: Lakebox, name: string): Bucket | undefined {
  const row = lakebox.db.prepare('SELECT * FROM s3_buckets WHERE name = ?').get(name) as BucketRow | undefined;
  return row && toBucket(row);
}

export function requireBucketRecord(lakebox: Lakebox, name: string): Bucket {
  const b = getBucket(lakebox, name);
  if (!b) throw s3Errors.noSuchBucket(name);
  return b;
}

function toBucket(row: BucketRow): Bucket {
  return {
    name: row.name,
    account: row.account,
    region: row.region,
    created: new Date(row.created_ms),
    doc: JSON.parse(row.doc) as BucketDoc,
  };
}

export function listBuckets(lakebox: Lakebox, account: string): Bucket[] {
  return (
    lakebox.db.prepare('SELECT * FROM s3_buckets WHERE account = ? ORDER BY name').all(account) as BucketRow[]
  ).map(toBucket);
}

/**
 * Create a bucket. An existing bucket of the same account is `BucketAlreadyOwnedByYou`, except in us-east-1
 * where S3 answers 200 for legacy compatibility (`created: false`); another account's is `BucketAlreadyExists`.
 */
export function createBucket(
  lakebox: Lakebox,
  req: { name: string; account: string; region: string; now?: Date },
): { created: boolean } {
  initObjectStore(lakebox);
  if (!isValidBucketName(req.name)) throw s3Errors.invalidBucketName(req.name);
  const existing = getBucket(lakebox, req.name);
  if (existing) {
    if (existing.account !== req.account) throw s3Errors.bucketAlreadyExists(req.name);
    if (existing.region === 'us-east-1' && req.region === 'us-east-1') return { created: false };
    throw s3Errors.bucketAlreadyOwnedByYou(req.name);
  }
  lakebox.db
    .prepare('INSERT INTO s3_buckets (name, account, region, created_ms, doc) VALUES (?, ?, ?, ?, ?)')
    .run(req.name, req.account, req.region, (req.now ?? new Date()).getTime(), '{}');
  return { created: true };
}

export function updateBucketDoc(lakebox: Lakebox, name: string, doc: BucketDoc): void {
  lakebox.db.prepare('UPDATE s3_buckets SET doc = ? WHERE name = ?').run(JSON.stringify(doc), name);
}

/** Delete an empty bucket, its folder, and any unfinished multipart uploads. */
export function deleteBucket(lakebox: Lakebox, name: string): void {
  requireBucketRecord(lakebox, name);
  const any = lakebox.db.prepare('SELECT 1 FROM s3_objects WHERE bucket = ? LIMIT 1').pluck().get(name);
  if (any !== undefined) throw s3Errors.bucketNotEmpty(name);
  const uploads = lakebox.db.prepare('SELECT upload_id FROM s3_uploads WHERE bucket = ?').pluck().all(name) as string[];
  lakebox.db.transaction(() => {
    for (const id of uploads) {
      lakebox.db.prepare('DELETE FROM s3_upload_parts WHERE upload_id = ?').run(id);
      lakebox.db.prepare('DELETE FROM s3_uploads WHERE upload_id = ?').run(id);
    }
    lakebox.db.prepare('DELETE FROM s3_buckets WHERE name = ?').run(name);
  })();
  for (const id of uploads) rmSync(join(s3Root(lakebox), '.uploads', id), { recursive: true, force: true });
  rmSync(bucketDir(lakebox, name), { recursive: true, force: true });
}
