import { RESOURCE_KINDS } from '../resources/registry.js';
import { list, obj, opt, req, type Schema, str, toJsonSchema } from './schema.js';

/** Where the state lives (see `StateConfig`). */
export const stateSchema: Schema = obj(
  {
    backend: req(str('local (default) or s3', { enum: ['local', 's3'] })),
    path: opt(str('local: the state file, relative to the spec.')),
    bucket: opt(str('s3: the bucket.')),
    key: opt(str('s3: the object key.')),
  },
  'Where the state lives; --state overrides it.',
);

/** The schema of a whole spec file: the state backend and one optional list per resource kind. */
export function specSchema(): Schema {
  return obj(
    {
      state: opt(stateSchema),
      ...Object.fromEntries(RESOURCE_KINDS.map((k) => [k.specKey, opt(list(k.schema))])),
    },
    'A lakebox spec: the Glue catalog, jobs, crawlers, triggers and Athena workgroups and named queries as code.',
  );
}

/** The JSON Schema editors use for completion of YAML specs. */
export function specJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'lakebox spec',
    ...toJsonSchema(specSchema()),
    // Top-level `x-...` keys hold YAML anchors shared between entries.
    patternProperties: { '^x-': {} },
  };
}
