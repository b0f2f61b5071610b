import type { Db } from '../../store/sqlite.js';
import type { CatalogScope } from './scope.js';

/** Tags of any Glue resource, by ARN. Callers run these inside their own transaction. */
export function putTags(db: Db, scope: CatalogScope, arn: string, tags: Record<string, string>): void {
  const stmt = db.prepare(
    'INSERT INTO resource_tags (account, region, arn, tag_key, tag_value) VALUES (?, ?, ?, ?, ?) ' +
      'ON CONFLICT (account, region, arn, tag_key) DO UPDATE SET tag_value = excluded.tag_value',
  );
  for (const [k, v] of Object.entries(tags)) stmt.run(scope.account, scope.region, arn, k, v);
}

export function removeTags(db: Db, scope: CatalogScope, arn: string, keys: readonly string[]): void {
  const stmt = db.prepare('DELETE FROM resource_tags WHERE account = ? AND region = ? AND arn = ? AND tag_key = ?');
  for (const k of keys) stmt.run(scope.account, scope.region, arn, k);
}

export function getTags(db: Db, scope: CatalogScope, arn: string): Record<string, string> {
  const rows = db
    .prepare('SELECT tag_key, tag_value FROM resource_tags WHERE account = ? AND region = ? AND arn = ?')
    .all(scope.account, scope.region, arn) as { tag_key: string; tag_value: string }[];
  return Object.fromEntries(rows.map((r) => [r.tag_key, r.tag_value]));
}

/** Delete the tags of `arn`, and with `prefix: true` of every ARN that starts with it (a database's tables). */
export function deleteTags(db: Db, scope: CatalogScope, arn: string, options: { prefix?: boolean } = {}): void {
  if (options.prefix) {
    db.prepare('DELETE FROM resource_tags WHERE account = ? AND region = ? AND substr(arn, 1, ?) = ?').run(
      scope.account,
      scope.region,
      arn.length,
      arn,
    );
  } else {
    db.prepare('DELETE FROM resource_tags WHERE account = ? AND region = ? AND arn = ?').run(
      scope.account,
      scope.region,
      arn,
    );
  }
}
