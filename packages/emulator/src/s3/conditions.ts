import { s3Errors } from './errors.js';

/**
 * Conditional requests (RFC 9110 §13.2.2 order, which S3 follows): If-Match, else If-Unmodified-Since
 * (412 when false); then If-None-Match, else If-Modified-Since (304 for GET/HEAD when false).
 */
export interface Conditions {
  ifMatch?: string | undefined;
  ifNoneMatch?: string | undefined;
  ifModifiedSince?: string | undefined;
  ifUnmodifiedSince?: string | undefined;
}

function etagList(header: string): string[] {
  return header.split(',').map((t) =>
    t
      .trim()
      .replace(/^W\//, '')
      .replace(/^"(.*)"$/, '$1'),
  );
}

/** Does an If-Match / If-None-Match header match this quoted ETag? `*` matches any existing object. */
export function etagMatches(header: string, etag: string): boolean {
  const bare = etag.replace(/^"(.*)"$/, '$1');
  return etagList(header).some((t) => t === '*' || t === bare);
}

function httpDate(text: string): number | undefined {
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : t;
}

/** For GET/HEAD of an existing object: 'ok', 'not-modified' (304), or throws PreconditionFailed (412). */
export function checkReadConditions(c: Conditions, etag: string, lastModified: Date): 'ok' | 'not-modified' {
  const modified = Math.floor(lastModified.getTime() / 1000) * 1000;
  if (c.ifMatch !== undefined) {
    if (!etagMatches(c.ifMatch, etag)) throw s3Errors.preconditionFailed('If-Match');
  } else if (c.ifUnmodifiedSince !== undefined) {
    const since = httpDate(c.ifUnmodifiedSince);
    if (since !== undefined && modified > since) throw s3Errors.preconditionFailed('If-Unmodified-Since');
  }
  if (c.ifNoneMatch !== undefined) {
    if (etagMatches(c.ifNoneMatch, etag)) return 'not-modified';
  } else if (c.ifModifiedSince !== undefined) {
    const since = httpDate(c.ifModifiedSince);
    if (since !== undefined && modified <= since) return 'not-modified';
  }
  return 'ok';
}

/**
 * Conditional writes: `If-None-Match: *` fails when the key exists; `If-Match: <etag>` fails when it differs
 * and answers NoSuchKey when there is no object.
 */
export function checkWriteConditions(
  c: Pick<Conditions, 'ifMatch' | 'ifNoneMatch'>,
  key: string,
  existing: { etag: string } | undefined,
): void {
  if (c.ifNoneMatch !== undefined) {
    if (c.ifNoneMatch.trim() !== '*') {
      throw s3Errors.notImplemented('PutObject with an If-None-Match value other than *');
    }
    if (existing) throw s3Errors.preconditionFailed('If-None-Match');
  }
  if (c.ifMatch !== undefined) {
    if (!existing) throw s3Errors.noSuchKey(key);
    if (!etagMatches(c.ifMatch, existing.etag)) throw s3Errors.preconditionFailed('If-Match');
  }
}
