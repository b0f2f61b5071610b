import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Lakebox } from '../context.js';
import { type ChecksumAlgorithm, checksummer } from './checksums.js';
import { s3Errors } from './errors.js';
import type { ObjectDoc } from './object-store.js';
import { s3Root } from './paths.js';

/**
 * Multipart uploads: the upload and its parts are rows; part bytes are files under `<rootDir>/s3/.uploads/<id>/`
 * (`.uploads` can never be a bucket). Completing concatenates the chosen parts into one object file.
 */

/** Every part but the last must be at least 5 MiB. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;

export interface Upload {
  uploadId: string;
  bucket: string;
  key: string;
  account: string;
  initiated: Date;
  doc: UploadDoc;
}

export interface UploadDoc {
  object: ObjectDoc;
  contentType?: string;
  /** `x-amz-checksum-algorithm` given at creation: parts carry it, the object gets a composite checksum. */
  checksumAlgorithm?: ChecksumAlgorithm;
}

export interface Part {
  partNumber: number;
  size: number;
  etag: string;
  lastModified: Date;
  /** Absolute path of the part's bytes. */
  path: string;
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
}

interface UploadRow {
  upload_id: string;
  bucket: string;
  key: string;
  account: string;
  initiated_ms: number;
  doc: string;
}
interface PartRow {
  upload_id: string;
  part_number: number;
  size: number;
  etag: string;
  last_modified_ms: number;
  file: string;
  doc: string;
}

function uploadsDir(lakebox: Lakebox, uploadId: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(uploadId)) throw new Error('lakebox: bad upload id');
  return join(s3Root(lakebox), '.uploads', uploadId);
}

export function createUpload(
  lakebox: Lakebox,
  u: { bucket: string; key: string; account: string; doc: UploadDoc; now: Date },
): string {
  const uploadId = randomBytes(48).toString('base64url');
  lakebox.db
    .prepare('INSERT INTO s3_uploads (upload_id, bucket, key, account, initiated_ms, doc) VALUES (?, ?, ?, ?, ?, ?)')
    .run(uploadId, u.bucket, u.key, u.account, u.now.getTime(), JSON.stringify(u.doc));
  return uploadId;
}

/** The upload `uploadId` of `bucket`/`key`, or NoSuchUpload. */
export function requireUpload(lakebox: Lakebox, bucket: string, key: string, uploadId: string): Upload {
  const row = lakebox.db.prepare('SELECT * FROM s3_uploads WHERE upload_id = ?').get(uploadId) as UploadRow | undefined;
  if (!row || row.bucket !== bucket || row.key !== key) throw s3Errors.noSuchUpload(uploadId);
  return toUpload(row);
}

function toUpload(row: UploadRow): Upload {
  return {
    uploadId: row.upload_id,
    bucket: row.bucket,
    key: row.key,
    account: row.account,
    initiated: new Date(row.initiated_ms),
    doc: JSON.parse(row.doc) as UploadDoc,
  };
}

export function listUploads(lakebox: Lakebox, bucket: string, prefix: string): Upload[] {
  return (
    lakebox.db
      .prepare('SELECT * FROM s3_uploads WHERE bucket = ? ORDER BY key, initiated_ms, upload_id')
      .all(bucket) as UploadRow[]
  )
    .filter((r) => r.key.startsWith(prefix))
    .map(toUpload);
}

/** Record a part from a received temp file (moved into the upload's folder); replaces a part of the same number. */
export function putPart(
  lakebox: Lakebox,
  upload: Upload,
  p: { partNumber: number; file: string; size: number; md5: string; checksum?: Part['checksum']; now: Date },
): Part {
  const dir = uploadsDir(lakebox, upload.uploadId);
  mkdirSync(dir, { recursive: true });
  const rel = String(p.partNumber);
  renameSync(p.file, join(dir, rel));
  const etag = `"${p.md5}"`;
  lakebox.db
    .prepare(
      `INSERT OR REPLACE INTO s3_upload_parts (upload_id, part_number, size, etag, last_modified_ms, file, doc)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(upload.uploadId, p.partNumber, p.size, etag, p.now.getTime(), rel, JSON.stringify({ checksum: p.checksum }));
  const part: Part = { partNumber: p.partNumber, size: p.size, etag, lastModified: p.now, path: join(dir, rel) };
  if (p.checksum) part.checksum = p.checksum;
  return part;
}

export function listParts(lakebox: Lakebox, upload: Upload): Part[] {
  const dir = uploadsDir(lakebox, upload.uploadId);
  return (
    lakebox.db
      .prepare('SELECT * FROM s3_upload_parts WHERE upload_id = ? ORDER BY part_number')
      .all(upload.uploadId) as PartRow[]
  ).map((r) => {
    const doc = JSON.parse(r.doc) as { checksum?: Part['checksum'] };
    const part: Part = {
      partNumber: r.part_number,
      size: r.size,
      etag: r.etag,
      lastModified: new Date(r.last_modified_ms),
      path: join(dir, String(r.part_number)),
    };
    if (doc.checksum) part.checksum = doc.checksum;
    return part;
  });
}

/** Remove an upload's rows and part files. */
export function dropUpload(lakebox: Lakebox, uploadId: string): void {
  lakebox.db.transaction(() => {
    lakebox.db.prepare('DELETE FROM s3_upload_parts WHERE upload_id = ?').run(uploadId);
    lakebox.db.prepare('DELETE FROM s3_uploads WHERE upload_id = ?').run(uploadId);
  })();
  rmSync(uploadsDir(lakebox, uploadId), { recursive: true, force: true });
}

/**
 * Check the parts a CompleteMultipartUpload names (ascending, uploaded, ETags matching, every part but the
 * last at least 5 MiB) and return them in order with the multipart ETag: MD5 of the parts' binary MD5s + `-N`.
 */
export function choosePartsToComplete(
  upload: Upload,
  uploaded: Part[],
  requested: Array<{ partNumber: number; etag: string | undefined; checksum?: string | undefined }>,
): { parts: Part[]; etag: string; checksum?: { algorithm: ChecksumAlgorithm; value: string; type: string } } {
  if (requested.length === 0) throw s3Errors.malformedXml();
  const byNumber = new Map(uploaded.map((p) => [p.partNumber, p]));
  const parts: Part[] = [];
  let previous = 0;
  for (const r of requested) {
    if (r.partNumber <= previous) throw s3Errors.invalidPartOrder(upload.uploadId);
    previous = r.partNumber;
    const part = byNumber.get(r.partNumber);
    const bare = (r.etag ?? '').replace(/^"(.*)"$/, '$1');
    if (!part || part.etag !== `"${bare}"`) throw s3Errors.invalidPart(upload.uploadId, r.partNumber, r.etag ?? '');
    if (r.checksum !== undefined && part.checksum && part.checksum.value !== r.checksum) {
      throw s3Errors.invalidPart(upload.uploadId, r.partNumber, r.etag ?? '');
    }
    parts.push(part);
  }
  for (const p of parts.slice(0, -1)) if (p.size < MIN_PART_BYTES) throw s3Errors.entityTooSmall(p.size);
  const md5 = createHash('md5');
  for (const p of parts) md5.update(Buffer.from(p.etag.slice(1, -1), 'hex'));
  const result: ReturnType<typeof choosePartsToComplete> = { parts, etag: `"${md5.digest('hex')}-${parts.length}"` };
  const algorithm = upload.doc.checksumAlgorithm;
  if (algorithm && parts.every((p) => p.checksum?.algorithm === algorithm)) {
    const sum = checksummer(algorithm);
    for (const p of parts) sum.update(Buffer.from(p.checksum?.value ?? '', 'base64'));
    const digest = sum.digest();
    if (digest !== undefined) result.checksum = { algorithm, value: `${digest}-${parts.length}`, type: 'COMPOSITE' };
  }
  return result;
}
