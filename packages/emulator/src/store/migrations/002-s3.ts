/** Migration 2: S3 buckets and objects. */
export const s3Schema = '';
