import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DesiredResource } from '../diff/plan.js';
import { addressOf } from '../resources/kind.js';
import { RESOURCE_KINDS } from '../resources/registry.js';
import { issueAt, type Locator, SpecError, type SpecIssue } from './issues.js';
import { checkSchema, isPlainObject } from './schema.js';
import { specSchema } from './spec-schema.js';
import type { LakeboxConfig, StateConfig } from './types.js';
import { parseYamlFile } from './yaml-file.js';

/** A loaded, valid spec. */
export interface LoadedSpec {
  /** The file or folder given. */
  source: string;
  files: string[];
  config: LakeboxConfig;
  resources: DesiredResource[];
}

const YAML_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const CODE_EXTENSIONS = new Set(['.ts', '.mts', '.js', '.mjs']);

/** The spec files of a path: the file itself, or every YAML file under a folder (sorted). */
export function specFiles(path: string): string[] {
  const full = resolve(path);
  if (!statSync(full).isDirectory()) return [full];
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((f) => YAML_EXTENSIONS.has(extname(f)) && !f.split(/[\\/]/).includes('node_modules'))
    .sort()
    .map((f) => join(full, f));
}

/** Read one file's value: YAML with positions, or a TypeScript/JavaScript module's default export. */
async function readFile(
  file: string,
  shown: string,
): Promise<{ value: unknown; syntax: SpecIssue[]; locate: Locator }> {
  if (CODE_EXTENSIONS.has(extname(file))) {
    const { tsImport } = await import('tsx/esm/api');
    const mod = (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
    // A file tsx runs as CommonJS arrives wrapped: the namespace's default is its whole exports object.
    const wrapped = mod['default'];
    const named = Object.keys(mod).filter((k) => k !== 'default');
    const isExportsObject =
      isPlainObject(wrapped) &&
      ('default' in wrapped || (named.length > 0 && named.every((k) => wrapped[k] === mod[k])));
    const value = isExportsObject ? wrapped['default'] : wrapped;
    if (value === undefined)
      return {
        value,
        syntax: [
          { file: shown, path: '(module)', message: 'expected a default export: export default defineConfig({...})' },
        ],
        locate: () => undefined,
      };
    return { value, syntax: [], locate: () => undefined };
  }
  return parseYamlFile(shown, readFileSync(file, 'utf8'));
}

/** Top-level `x-...` keys hold YAML anchors to share settings (`x-parquet: &parquet {...}`); they are not resources. */
function withoutExtensions(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith('x-')));
}

/**
 * Load and validate a spec (a YAML file, a folder of them, or a TypeScript file exporting `defineConfig(...)`).
 * Every problem is collected and thrown together as a SpecError naming file, line, column and path.
 *
 * @example
 * const spec = await loadSpec('lakebox.yaml');
 */
export async function loadSpec(path: string): Promise<LoadedSpec> {
  const files = specFiles(path);
  if (files.length === 0)
    throw new SpecError([{ file: path, path: '(folder)', message: 'expected YAML spec files in this folder' }]);
  const issues: SpecIssue[] = [];
  const config: LakeboxConfig = {};
  for (const kind of RESOURCE_KINDS) (config as Record<string, unknown[]>)[kind.specKey] = [];
  const origins = new Map<string, { file: string; locate: Locator; path: (string | number)[] }>();
  const resources: DesiredResource[] = [];
  const schema = specSchema();
  for (const file of files) {
    const shown = relative(process.cwd(), file) || file;
    const { value, syntax, locate } = await readFile(file, shown);
    issues.push(...syntax);
    if (syntax.length > 0 || value === undefined || value === null) continue;
    const schemaIssues = checkSchema(schema, withoutExtensions(value));
    issues.push(...schemaIssues.map((i) => issueAt(shown, locate, i.path, i.message, i.onKey)));
    if (schemaIssues.length > 0 || !isPlainObject(value)) continue;
    if (value['state'] !== undefined) {
      if (config.state)
        issues.push(issueAt(shown, locate, ['state'], 'the state backend is already declared in another spec file'));
      else config.state = value['state'] as StateConfig;
    }
    for (const kind of RESOURCE_KINDS) {
      const entries = (value[kind.specKey] ?? []) as unknown[];
      entries.forEach((given, index) => {
        const base = [kind.specKey, index];
        const spec = kind.prepare ? kind.prepare(given, dirname(file)) : given;
        for (const e of kind.check?.(spec) ?? []) issues.push(issueAt(shown, locate, [...base, ...e.path], e.message));
        const id = kind.id(spec);
        const address = addressOf(kind.kind, id);
        const first = origins.get(address);
        if (first) {
          const at = first.locate(first.path);
          issues.push(
            issueAt(
              shown,
              locate,
              [...base, 'name'],
              `${address} is already declared in ${first.file}${at ? `:${at.line}:${at.column}` : ''}`,
            ),
          );
          return;
        }
        origins.set(address, { file: shown, locate, path: [...base, 'name'] });
        (config as Record<string, unknown[]>)[kind.specKey]!.push(spec);
        resources.push({
          kind: kind.kind,
          id,
          address,
          spec,
          references: kind.references(spec).map((r) => r.address),
        });
      });
    }
  }
  if (issues.length > 0) throw new SpecError(issues);
  return { source: path, files, config, resources };
}
