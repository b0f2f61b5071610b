import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue, SpecError } from './issues.js';
import { loadSpec } from './load.js';

function specFile(text: string, name = 'lakebox.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'lakebox-spec-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The formatted issues of a spec that must fail, file names shortened to the base name. */
async function issuesOf(text: string): Promise<string[]> {
  const file = specFile(text);
  try {
    await loadSpec(file);
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    return e.issues.map((i) => formatIssue({ ...i, file: 'lakebox.yaml' }));
  }
  throw new Error('expected the spec to fail');
}

describe('loadSpec: validation messages name file, line, column, path and what is expected', () => {
  it('rejects an unknown key and suggests the near one', async () => {
    expect(await issuesOf('databases:\n  - name: sales\n    descripton: x\n')).toEqual([
      "lakebox.yaml:3:5: databases[0].descripton: unknown key 'descripton' (did you mean 'description'?); expected one of: name, description, locationUri, parameters, tags, allowDestructive",
    ]);
  });

  it('rejects an unknown top-level section', async () => {
    expect(await issuesOf('database:\n  - name: sales\n')).toEqual([
      "lakebox.yaml:1:1: database: unknown key 'database' (did you mean 'databases'?); expected one of: state, databases, tables, workgroups, namedQueries, jobs, crawlers, triggers",
    ]);
  });

  it('says what type was expected', async () => {
    expect(
      await issuesOf(
        'tables:\n  - database: sales\n    name: t\n    columns:\n      - name: id\n        type: [int]\n',
      ),
    ).toEqual(['lakebox.yaml:6:15: tables[0].columns[0].type: expected a string, got a list']);
  });

  it('names a missing required key at the mapping that lacks it', async () => {
    expect(await issuesOf('tables:\n  - name: t\n')).toEqual([
      "lakebox.yaml:2:5: tables[0]: missing required key 'database' (a string)",
    ]);
  });

  it('lists the allowed values of an enum', async () => {
    expect(await issuesOf('tables:\n  - database: d\n    name: t\n    format: orc\n')).toEqual([
      "lakebox.yaml:4:13: tables[0].format: expected one of 'parquet', 'csv', 'json', got the string 'orc'",
    ]);
  });

  it('checks rules the schema cannot say: index keys, duplicate columns, CSV-only options', async () => {
    const yaml = [
      'tables:',
      '  - database: d',
      '    name: t',
      '    delimiter: "|"',
      '    columns: [{ name: id, type: int }, { name: ID, type: int }]',
      '    partitionKeys: [{ name: dt, type: date }]',
      '    partitionIndexes: [{ name: i, keys: [day] }]',
      '',
    ].join('\n');
    expect(await issuesOf(yaml)).toEqual([
      "lakebox.yaml:5:48: tables[0].columns[1].name: column 'ID' is already declared at columns[0]",
      "lakebox.yaml:4:16: tables[0].delimiter: expected only with format: 'csv'",
      "lakebox.yaml:7:42: tables[0].partitionIndexes[0].keys[0]: expected one of the table's partition keys (dt), got 'day'",
    ]);
  });

  it('rejects a resource declared twice, naming where the first one is', async () => {
    const issues = await issuesOf('databases:\n  - name: sales\n  - name: SALES\n');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(
      /^lakebox\.yaml:3:11: databases\[1\]\.name: database\.sales is already declared in \S*lakebox\.yaml:2:11$/,
    );
  });

  it('reports YAML syntax errors with their position', async () => {
    const issues = await issuesOf('databases:\n  - name: [sales\n');
    expect(issues[0]).toMatch(/^lakebox\.yaml:\d+:\d+: \(syntax\): /);
  });

  it('checks nested objects and number ranges', async () => {
    const yaml = [
      'tables:',
      '  - database: d',
      '    name: t',
      '    skipHeaderLines: -1',
      '    format: csv',
      '    storageDescriptor: { serde: { library: x } }',
      '',
    ].join('\n');
    expect(await issuesOf(yaml)).toEqual([
      'lakebox.yaml:4:22: tables[0].skipHeaderLines: expected an integer >= 0, got number -1',
      "lakebox.yaml:6:35: tables[0].storageDescriptor.serde.library: unknown key 'library'; expected one of: name, serializationLibrary, parameters",
    ]);
  });

  it('checks partition keys and the number of partition indexes', async () => {
    const yaml = [
      'tables:',
      '  - database: d',
      '    name: t',
      '    columns: [{ name: dt, type: string }]',
      '    partitionKeys: [{ name: dt, type: string }, { name: h, type: int }, { name: H, type: int }]',
      '    partitionIndexes:',
      '      - { name: a, keys: [h] }',
      '      - { name: b, keys: [] }',
      '      - { name: a, keys: [h] }',
      '      - { name: c, keys: [h] }',
      '',
    ].join('\n');
    const issues = await issuesOf(yaml);
    expect(issues).toEqual([
      "lakebox.yaml:5:29: tables[0].partitionKeys[0].name: 'dt' is both a column and a partition key",
      "lakebox.yaml:5:81: tables[0].partitionKeys[2].name: partition key 'H' is declared twice",
      'lakebox.yaml:7:7: tables[0].partitionIndexes: expected at most 3 partition indexes, got 4',
      'lakebox.yaml:8:26: tables[0].partitionIndexes[1].keys: expected at least one partition key',
      "lakebox.yaml:9:17: tables[0].partitionIndexes[2].name: partition index 'a' is declared twice",
    ]);
  });

  it('reports every problem at once, not only the first', async () => {
    expect(await issuesOf('databases:\n  - name: 1\n  - nam: x\n')).toHaveLength(3);
  });
});

describe('loadSpec: sources', () => {
  it('loads a folder of YAML files as one spec', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lakebox-spec-'));
    mkdirSync(join(dir, 'sales'));
    writeFileSync(join(dir, 'databases.yaml'), 'databases:\n  - name: sales\n');
    writeFileSync(join(dir, 'sales', 'orders.yml'), 'tables:\n  - { database: sales, name: orders, format: csv }\n');
    const spec = await loadSpec(dir);
    expect(spec.resources.map((r) => r.address)).toEqual(['database.sales', 'table.sales.orders']);
    expect(spec.resources[1]?.references).toEqual(['database.sales']);
  });

  it('lets YAML anchors and merge keys share settings, defined under an x- key or in place', async () => {
    const yaml = [
      'x-parquet: &parquet { format: parquet, database: sales }',
      'databases: [{ name: sales }]',
      'tables:',
      '  - { <<: *parquet, name: a }',
      '  - &csv { database: sales, format: csv, name: b }',
      '  - { <<: *csv, name: c, delimiter: "|" }',
      '',
    ].join('\n');
    const spec = await loadSpec(specFile(yaml));
    expect(spec.config.tables).toEqual([
      { format: 'parquet', database: 'sales', name: 'a' },
      { database: 'sales', format: 'csv', name: 'b' },
      { database: 'sales', format: 'csv', name: 'c', delimiter: '|' },
    ]);
  });

  it('loads a TypeScript spec written with defineConfig and validates it (path, no position)', async () => {
    const typesUrl = new URL('./types.ts', import.meta.url).href;
    const good = specFile(
      `import { defineConfig } from ${JSON.stringify(typesUrl)};\nexport default defineConfig({ databases: [{ name: 'sales' }] });\n`,
      'lakebox.config.ts',
    );
    expect((await loadSpec(good)).resources.map((r) => r.address)).toEqual(['database.sales']);
    const bad = specFile(`export default { databases: [{ name: 'sales', extra: true }] };\n`, 'lakebox.config.ts');
    await expect(loadSpec(bad)).rejects.toThrow(/lakebox\.config\.ts: databases\[0\]\.extra: unknown key 'extra'/);
    const none = specFile('export const config = {};\n', 'lakebox.config.ts');
    await expect(loadSpec(none)).rejects.toThrow(/expected a default export: export default defineConfig/);
  });
});
