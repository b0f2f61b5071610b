import { fileURLToPath } from 'node:url';
import { specJsonSchema } from './spec-schema.js';

/** Where the generated JSON Schema is committed (generated, do not edit). */
export const SPEC_SCHEMA_FILE = fileURLToPath(new URL('../../schema/spec.schema.generated.json', import.meta.url));

/** The file's exact content. */
export const specJsonSchemaText = (): string => `${JSON.stringify(specJsonSchema(), null, 2)}\n`;
