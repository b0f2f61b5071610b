import { RESOURCE_KINDS } from '../resources/registry.js';
import { list, obj, opt, type Schema, toJsonSchema } from './schema.js';

/** The schema of a whole spec file: one optional list per resource kind. */
export function specSchema(): Schema {
  return obj(
    Object.fromEntries(RESOURCE_KINDS.map((k) => [k.specKey, opt(list(k.schema))])),
    'A lakebox spec: the Glue catalog (and later jobs, crawlers, triggers, Athena) as code.',
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
