// Write the JSON Schema of the spec, for editor completion of YAML specs:
//   pnpm exec tsx packages/reconciler/scripts/gen-json-schema.ts
// In a YAML spec: `# yaml-language-server: $schema=<path>/spec.schema.generated.json`
import { writeFileSync } from 'node:fs';
import { SPEC_SCHEMA_FILE, specJsonSchemaText } from '../src/spec/json-schema-file.js';

writeFileSync(SPEC_SCHEMA_FILE, specJsonSchemaText());
process.stdout.write(`wrote ${SPEC_SCHEMA_FILE}\n`);
