import {
  CreateDatabaseCommand,
  GetDatabaseCommand,
  GetPartitionIndexesCommand,
  GetTableCommand,
} from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { startTestLakebox } from '../support/lakebox.js';
import { workspace } from './helpers.js';

const table = (extra: string, columns = '[{ name: id, type: int }, { name: amount, type: double }]') => `
databases: [{ name: sales }]
tables:
  - database: sales
    name: events
    format: json
    columns: ${columns}
    partitionKeys: [{ name: dt, type: string }, { name: region, type: string }]
${extra}`;

describe('reconciler: Glue shapes through the public API', () => {
  it('adds and removes partition indexes with their own calls, never replacing the table', async () => {
    await using t = await startTestLakebox();
    await using ws = workspace(t.endpoint);
    ws.writeSpec(table(''));
    expect((await ws.run('apply', '--auto-approve')).code).toBe(0);
    const created = (await t.glue.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'events' }))).Table!;

    ws.writeSpec(table('    partitionIndexes: [{ name: by_dt, keys: [dt] }, { name: by_region, keys: [region, dt] }]'));
    const plan = await ws.run('plan');
    expect(plan.stdout).toContain('~ table.sales.events');
    expect(plan.stdout).toContain('+ partitionIndexes.by_dt     = ["dt"]');
    expect((await ws.run('apply', '--auto-approve')).code).toBe(0);
    const indexes = await t.glue.send(new GetPartitionIndexesCommand({ DatabaseName: 'sales', TableName: 'events' }));
    expect(indexes.PartitionIndexDescriptorList?.map((i) => i.IndexName).sort()).toEqual(['by_dt', 'by_region']);

    ws.writeSpec(table('    partitionIndexes: [{ name: by_region, keys: [region, dt] }]'));
    expect((await ws.run('apply', '--auto-approve')).code).toBe(0);
    const left = await t.glue.send(new GetPartitionIndexesCommand({ DatabaseName: 'sales', TableName: 'events' }));
    expect(left.PartitionIndexDescriptorList?.map((i) => i.IndexName)).toEqual(['by_region']);
    const after = (await t.glue.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'events' }))).Table!;
    expect(after.CreateTime).toEqual(created.CreateTime);
    expect((await ws.run('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('inserts a column in the middle as one addition, in the right place', async () => {
    await using t = await startTestLakebox();
    await using ws = workspace(t.endpoint);
    ws.writeSpec(table(''));
    expect((await ws.run('apply', '--auto-approve')).code).toBe(0);
    ws.writeSpec(table('', '[{ name: id, type: int }, { name: kind, type: string }, { name: amount, type: double }]'));
    const plan = await ws.run('plan');
    expect(plan.stdout).toContain('+ columns.kind.type = "string"');
    expect(plan.stdout).not.toContain('columns.amount');
    expect(plan.stdout).not.toContain('columns.$order');
    expect(plan.stdout).toContain('Plan: 0 to create, 1 to update, 0 to replace, 0 to delete.');
    expect((await ws.run('apply', '--auto-approve')).code).toBe(0);
    const after = (await t.glue.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'events' }))).Table!;
    expect(after.StorageDescriptor?.Columns?.map((c) => c.Name)).toEqual(['id', 'kind', 'amount']);
    expect((await ws.run('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('refuses to take over a live database this state does not manage', async () => {
    await using t = await startTestLakebox();
    await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'sales' } }));
    await using ws = workspace(t.endpoint);
    ws.writeSpec('databases: [{ name: sales }]\n');
    const plan = await ws.run('plan', '--detailed-exitcode');
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain('database.sales already exists and this state does not manage it');
    expect((await ws.run('apply', '--auto-approve')).code).toBe(1);
  });

  it('validates before any call, and shows what the state manages', async () => {
    await using t = await startTestLakebox();
    await using ws = workspace(t.endpoint);
    ws.writeSpec('databases:\n  - name: sales\n    colour: blue\n');
    const invalid = await ws.run('plan');
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain("lakebox.yaml:3:5: databases[0].colour: unknown key 'colour'");
    ws.writeSpec('databases: [{ name: sales }]\n');
    expect((await ws.run('validate')).stdout).toContain('The spec is valid: 1 resources in 1 file(s).');
    expect((await ws.run('apply', '--auto-approve')).code).toBe(0);
    const show = await ws.run('show');
    expect(show.stdout).toContain('1 managed resource(s)\n  database.sales\n');
  });
});

describe('reconciler: import', () => {
  it('adopts a live database the spec declares; the next plan shows only what differs', async () => {
    await using t = await startTestLakebox();
    await t.glue.send(
      new CreateDatabaseCommand({
        DatabaseInput: { Name: 'legacy', Description: 'old words', Parameters: { owner: 'someone' } },
      }),
    );
    await using ws = workspace(t.endpoint);
    ws.writeSpec('databases: [{ name: legacy, description: new words }]\n');
    const imported = await ws.run('import', 'database.legacy');
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toContain('Imported database.legacy');
    const plan = await ws.run('plan', '--json');
    const parsed = JSON.parse(plan.stdout);
    expect(parsed.drift).toEqual([]);
    expect(parsed.changes).toMatchObject([
      {
        address: 'database.legacy',
        action: 'update',
        changed: [{ path: 'description', before: 'old words', after: 'new words' }],
      },
    ]);
    expect((await ws.run('apply', '--auto-approve')).code).toBe(0);
    expect((await ws.run('plan', '--detailed-exitcode')).code).toBe(0);
    expect((await ws.run('import', 'database.legacy')).stderr).toContain('already managed');
  });
});

describe('reconciler: replace', () => {
  it('replaces a table whose type changes: destructive, delete then create, indexes and tags recreated', async () => {
    await using t = await startTestLakebox();
    await using ws = workspace(t.endpoint);
    const spec = (tableType: string) => `
databases: [{ name: sales }]
tables:
  - database: sales
    name: events
    tableType: ${tableType}
    columns: [{ name: id, type: int }]
    partitionKeys: [{ name: dt, type: string }]
    partitionIndexes: [{ name: by_dt, keys: [dt] }]
    tags: { tier: gold }
`;
    ws.writeSpec(spec('EXTERNAL_TABLE'));
    expect((await ws.run('apply', '--auto-approve')).code).toBe(0);
    ws.writeSpec(spec('MANAGED_TABLE'));
    const plan = await ws.run('plan');
    expect(plan.stdout).toContain('-/+ table.sales.events  (tableType cannot change in place: delete, then create)');
    expect(plan.stdout).toContain('! DS104 replaces the resource');
    expect((await ws.run('apply', '--auto-approve')).code).toBe(1);
    const applied = await ws.run('apply', '--auto-approve', '--allow-destructive');
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const table = (await t.glue.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'events' }))).Table!;
    expect(table.TableType).toBe('MANAGED_TABLE');
    const indexes = await t.glue.send(new GetPartitionIndexesCommand({ DatabaseName: 'sales', TableName: 'events' }));
    expect(indexes.PartitionIndexDescriptorList?.map((i) => i.IndexName)).toEqual(['by_dt']);
    expect((await ws.run('plan', '--detailed-exitcode')).code).toBe(0);
  });
});

describe('reconciler: references', () => {
  it('puts a table in a database it does not manage, and destroy leaves that database alone', async () => {
    await using t = await startTestLakebox();
    await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'shared' } }));
    await using ws = workspace(t.endpoint);
    ws.writeSpec('tables: [{ database: shared, name: mine, format: csv }]\n');
    const validated = await ws.run('validate');
    expect(validated.stdout).toContain(
      'note: table.shared.mine needs database.shared, which the spec does not declare',
    );
    expect((await ws.run('apply', '--auto-approve')).code).toBe(0);
    expect((await ws.run('destroy', '--auto-approve')).code).toBe(0);
    await expect(t.glue.send(new GetDatabaseCommand({ Name: 'shared' }))).resolves.toBeDefined();

    ws.writeSpec('tables: [{ database: nowhere, name: mine, format: csv }]\n');
    const missing = await ws.run('plan');
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('table.nowhere.mine: database.nowhere is neither declared in the spec nor exists');
  });
});

describe('reconciler: per-resource allowDestructive', () => {
  it('applies destructive changes to a scratch table without the flag, down to deleting it', async () => {
    await using t = await startTestLakebox();
    await using ws = workspace(t.endpoint);
    const spec = (columns: string, table = true) => `
databases: [{ name: scratch }]
${table ? `tables: [{ database: scratch, name: tmp, allowDestructive: true, columns: ${columns} }]` : ''}
`;
    ws.writeSpec(spec('[{ name: a, type: int }, { name: b, type: int }]'));
    expect((await ws.run('apply', '--auto-approve')).code).toBe(0);
    ws.writeSpec(spec('[{ name: a, type: string }]'));
    const plan = await ws.run('plan');
    expect(plan.stdout).toContain("! BC201 changes a column's type (allowed by the spec)");
    expect(plan.stdout).toContain('Plan: 0 to create, 1 to update, 0 to replace, 0 to delete.');
    expect((await ws.run('apply', '--auto-approve')).code).toBe(0);
    ws.writeSpec(spec('', false));
    const deleted = await ws.run('apply', '--auto-approve');
    expect(deleted.stderr).toBe('');
    expect(deleted.code).toBe(0);
    await expect(t.glue.send(new GetTableCommand({ DatabaseName: 'scratch', Name: 'tmp' }))).rejects.toMatchObject({
      name: 'EntityNotFoundException',
    });
  });
});
