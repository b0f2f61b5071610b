/**
 * Migration 2: S3 buckets, objects and multipart uploads.
 *
 * Bucket names are one global namespace (as in AWS); the owning account and the bucket's region are columns
 * of the bucket row, and objects and uploads belong to a bucket. Keys compare as UTF-8 bytes (SQLite's BINARY
 * collation on UTF-8 text), which is S3's listing order. Object bytes are files; `file` is the path of the
 * bytes relative to `<rootDir>/s3/<bucket>/`. `doc` holds the rest as JSON (user metadata, tags, headers).
 */
export const s3Schema = `
  CREATE TABLE s3_buckets (
    name TEXT NOT NULL PRIMARY KEY,
    account TEXT NOT NULL, region TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    doc TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX s3_buckets_by_account ON s3_buckets (account, name);

  CREATE TABLE s3_objects (
    bucket TEXT NOT NULL, key TEXT NOT NULL,
    size INTEGER NOT NULL, etag TEXT NOT NULL, last_modified_ms INTEGER NOT NULL,
    content_type TEXT,
    file TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (bucket, key)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX s3_objects_by_file ON s3_objects (bucket, file);

  CREATE TABLE s3_uploads (
    upload_id TEXT NOT NULL PRIMARY KEY,
    bucket TEXT NOT NULL, key TEXT NOT NULL, account TEXT NOT NULL,
    initiated_ms INTEGER NOT NULL,
    doc TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX s3_uploads_by_bucket ON s3_uploads (bucket, key, initiated_ms);

  -- file: relative to <rootDir>/s3/.uploads/.
  CREATE TABLE s3_upload_parts (
    upload_id TEXT NOT NULL, part_number INTEGER NOT NULL,
    size INTEGER NOT NULL, etag TEXT NOT NULL, last_modified_ms INTEGER NOT NULL,
    file TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (upload_id, part_number)
  ) WITHOUT ROWID;
  `;
