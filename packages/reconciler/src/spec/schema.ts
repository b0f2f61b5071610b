/**
 * A small schema language, written as data, that both validates a spec (with paths and "expected ..."
 * messages) and generates the JSON Schema editors use for completion. One description, two uses, so the
 * two cannot drift apart.
 */

/** One node of a spec schema. */
export type Schema =
  | { type: 'string'; enum?: readonly string[]; pattern?: string; patternHint?: string; description?: string }
  | { type: 'boolean'; description?: string }
  | { type: 'integer'; minimum?: number; description?: string }
  | { type: 'map'; values: Schema; description?: string }
  | { type: 'list'; items: Schema; description?: string }
  | { type: 'object'; fields: Readonly<Record<string, Field>>; description?: string };

/** A member of an object schema. */
export interface Field {
  schema: Schema;
  required?: boolean;
}

export const str = (description?: string, extra: { enum?: readonly string[] } = {}): Schema => ({
  type: 'string',
  ...extra,
  ...(description ? { description } : {}),
});
export const bool = (description?: string): Schema => ({ type: 'boolean', ...(description ? { description } : {}) });
export const int = (minimum: number, description?: string): Schema => ({
  type: 'integer',
  minimum,
  ...(description ? { description } : {}),
});
export const map = (values: Schema, description?: string): Schema => ({
  type: 'map',
  values,
  ...(description ? { description } : {}),
});
export const list = (items: Schema, description?: string): Schema => ({
  type: 'list',
  items,
  ...(description ? { description } : {}),
});
export const obj = (fields: Record<string, Field>, description?: string): Schema => ({
  type: 'object',
  fields,
  ...(description ? { description } : {}),
});
export const req = (schema: Schema): Field => ({ schema, required: true });

/** The members every resource entry has (see `ResourceOptions`). */
export const resourceOptionFields = (): Record<string, Field> => ({
  allowDestructive: {
    schema: {
      type: 'boolean',
      description: 'Apply destructive changes to this resource without --allow-destructive (scratch data).',
    },
  },
});
export const opt = (schema: Schema): Field => ({ schema });

/** A path inside a spec document: object keys and list indexes. */
export type SpecPath = readonly (string | number)[];

/** `tables[0].columns[2].type` */
export function formatPath(path: SpecPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out === '' ? '(top level)' : out;
}

/** What a schema node expects, in words, for error messages. */
export function expected(schema: Schema): string {
  switch (schema.type) {
    case 'string':
      return schema.enum ? `one of ${schema.enum.map((e) => `'${e}'`).join(', ')}` : 'a string';
    case 'boolean':
      return 'true or false';
    case 'integer':
      return schema.minimum !== undefined ? `an integer >= ${schema.minimum}` : 'an integer';
    case 'map':
      return `a map of names to ${expected(schema.values)}`;
    case 'list':
      return 'a list';
    case 'object':
      return 'a mapping';
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string '${value.length > 40 ? `${value.slice(0, 40)}...` : value}'`;
  return `${typeof value} ${String(value)}`;
}

/** A problem found in a spec value, before positions are attached. */
export interface SchemaIssue {
  path: SpecPath;
  message: string;
  /** The issue is about a key itself (an unknown key), not its value. */
  onKey?: boolean;
}

/**
 * Check `value` against `schema`. Unknown keys are errors; so is a missing required member.
 *
 * @example
 * checkSchema(obj({ name: req(str()) }), { nmae: 'x' }) // two issues: unknown key, missing name
 */
export function checkSchema(schema: Schema, value: unknown, path: SpecPath = []): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const bad = () => issues.push({ path, message: `expected ${expected(schema)}, got ${describe(value)}` });
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') bad();
      else if (schema.enum && !schema.enum.includes(value)) bad();
      else if (schema.pattern && !new RegExp(schema.pattern).test(value))
        issues.push({ path, message: `expected ${schema.patternHint ?? `a string matching ${schema.pattern}`}` });
      break;
    case 'boolean':
      if (typeof value !== 'boolean') bad();
      break;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) bad();
      else if (schema.minimum !== undefined && value < schema.minimum) bad();
      break;
    case 'list':
      if (!Array.isArray(value)) bad();
      else
        value.forEach((item, i) => {
          issues.push(...checkSchema(schema.items, item, [...path, i]));
        });
      break;
    case 'map':
      if (!isPlainObject(value)) bad();
      else for (const [k, v] of Object.entries(value)) issues.push(...checkSchema(schema.values, v, [...path, k]));
      break;
    case 'object': {
      if (!isPlainObject(value)) {
        bad();
        break;
      }
      const known = Object.keys(schema.fields);
      for (const [k, v] of Object.entries(value)) {
        const field = schema.fields[k];
        if (!field) {
          const hint = closest(k, known);
          issues.push({
            path: [...path, k],
            onKey: true,
            message: `unknown key '${k}'${hint ? ` (did you mean '${hint}'?)` : ''}; expected one of: ${known.join(', ')}`,
          });
        } else if (v !== undefined) issues.push(...checkSchema(field.schema, v, [...path, k]));
      }
      for (const [k, field] of Object.entries(schema.fields)) {
        if (field.required && value[k] === undefined)
          issues.push({ path, message: `missing required key '${k}' (${expected(field.schema)})` });
      }
      break;
    }
  }
  return issues;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The known name nearest to a misspelt one, if it is close enough to be a likely typo. */
function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const k of known) {
    const d = distance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** The JSON Schema (draft 2020-12) of a schema node, for editor completion. */
export function toJsonSchema(schema: Schema): Record<string, unknown> {
  const base = schema.description ? { description: schema.description } : {};
  switch (schema.type) {
    case 'string':
      return {
        ...base,
        type: 'string',
        ...(schema.enum ? { enum: [...schema.enum] } : {}),
        ...(schema.pattern ? { pattern: schema.pattern } : {}),
      };
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'integer':
      return { ...base, type: 'integer', ...(schema.minimum !== undefined ? { minimum: schema.minimum } : {}) };
    case 'map':
      return { ...base, type: 'object', additionalProperties: toJsonSchema(schema.values) };
    case 'list':
      return { ...base, type: 'array', items: toJsonSchema(schema.items) };
    case 'object': {
      const required = Object.entries(schema.fields)
        .filter(([, f]) => f.required)
        .map(([k]) => k);
      return {
        ...base,
        type: 'object',
        properties: Object.fromEntries(Object.entries(schema.fields).map(([k, f]) => [k, toJsonSchema(f.schema)])),
        ...(required.length > 0 ? { required } : {}),
        additionalProperties: false,
      };
    }
  }
}
