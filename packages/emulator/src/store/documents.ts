/**
 * Resource bodies are stored as JSON in the AWS SDK's shape. Dates are written as ISO strings and
 * revived by member name, so model code always sees `Date`, as the SDK types say.
 */
const TIMESTAMP_MEMBERS = new Set([
  'CreateTime',
  'UpdateTime',
  'LastAccessTime',
  'LastAnalyzedTime',
  'CreationTime',
  'AnalyzedTime',
  'LastUpdatedOn',
  'CreatedOn',
  'LastModifiedOn',
  'StartedOn',
  'CompletedOn',
]);

function revive(key: string, value: unknown): unknown {
  if (typeof value === 'string' && TIMESTAMP_MEMBERS.has(key)) return new Date(value);
  return value;
}

export function toDoc(value: unknown): string {
  return JSON.stringify(value);
}

export function fromDoc<T>(doc: string): T {
  return JSON.parse(doc, revive) as T;
}
