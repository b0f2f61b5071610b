/**
 * Athena resources are stored as JSON in the SDK's shape. Athena names its timestamps differently from Glue,
 * so they are revived here by member name (the shared `store/documents.ts` list is Glue's).
 */
const TIMESTAMP_MEMBERS = new Set(['SubmissionDateTime', 'CompletionDateTime', 'CreationTime', 'LastModifiedTime']);

export function toAthenaDoc(value: unknown): string {
  return JSON.stringify(value);
}

export function fromAthenaDoc<T>(doc: string): T {
  return JSON.parse(doc, (key, value: unknown) =>
    typeof value === 'string' && TIMESTAMP_MEMBERS.has(key) ? new Date(value) : value,
  ) as T;
}
