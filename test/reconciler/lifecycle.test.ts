import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateDatabaseCommand,
  CreateTableCommand,
  GetDatabaseCommand,
  GetPartitionIndexesCommand,
  GetTableCommand,
  GetTagsCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { startTestLakebox } from '../support/lakebox.js';
import { workspace } from './helpers.js';

const spec = (amountType: string) => `
databases:
  - name: sales
    description: Sales data
    tags: { team: data }
tables:
  - database: sales
    name: orders
    format: parquet
    location: s3://lake/sales/orders/
    columns:
      - { name: id, type: bigint }
      - { name: amount, type: "${amountType}" }
      - { name: customer, type: string, comment: who bought }
    partitionKeys:
      - { name: dt, type: date }
      - { name: region, type: string }
    partitionIndexes:
      - { name: by_dt, keys: [dt] }
    parameters: { owner_team: data }
    tags: { tier: gold }
`;

describe('reconciler lifecycle against a live lakebox', () => {
  it('creates, converges, plans a destructive retype exactly, applies it, and destroys only what it manages', async () => {
    await using t = await startTestLakebox();
    await using ws = workspace(t.endpoint);
    ws.writeSpec(spec('int'));

    const first = await ws.run('plan', '--detailed-exitcode');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(2);
    expect(first.stdout).toContain('+ database.sales');
    expect(first.stdout).toContain('+ table.sales.orders');
    expect(first.stdout).toContain('Plan: 2 to create, 0 to update, 0 to replace, 0 to delete.');

    const applied = await ws.run('apply', '--auto-approve');
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);

    const table = (await t.glue.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'orders' }))).Table!;
    expect(table.StorageDescriptor?.Columns?.map((c) => c.Name)).toEqual(['id', 'amount', 'customer']);
    expect(table.StorageDescriptor?.SerdeInfo?.SerializationLibrary).toBe(
      'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    );
    expect(table.Parameters).toMatchObject({ classification: 'parquet', owner_team: 'data' });
    const indexes = await t.glue.send(new GetPartitionIndexesCommand({ DatabaseName: 'sales', TableName: 'orders' }));
    expect(indexes.PartitionIndexDescriptorList?.map((i) => i.IndexName)).toEqual(['by_dt']);
    const tags = await t.glue.send(
      new GetTagsCommand({ ResourceArn: 'arn:aws:glue:us-east-1:000000000000:table/sales/orders' }),
    );
    expect(tags.Tags).toEqual({ tier: 'gold' });

    const empty = await ws.run('plan', '--detailed-exitcode');
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain('No changes.');

    // Change one column's type: exactly that, destructive, refused without --allow-destructive.
    ws.writeSpec(spec('decimal(12,2)'));
    const retype = await ws.run('plan', '--json');
    const plan = JSON.parse(retype.stdout);
    const acting = plan.changes.filter((c: { action: string }) => c.action !== 'noop');
    expect(acting).toHaveLength(1);
    expect(acting[0]).toMatchObject({
      address: 'table.sales.orders',
      action: 'update',
      destructive: true,
      lint: ['BC201'],
      changed: [{ path: 'columns.amount.type', before: 'int', after: 'decimal(12,2)' }],
    });
    const refused = await ws.run('apply', '--auto-approve');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--allow-destructive');
    expect(refused.stderr).toContain('table.sales.orders [BC201]');

    // Someone else adds a parameter: it survives the apply.
    const live = (await t.glue.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'orders' }))).Table!;
    await t.glue.send(
      new UpdateTableCommand({
        DatabaseName: 'sales',
        TableInput: {
          Name: 'orders',
          TableType: live.TableType,
          StorageDescriptor: live.StorageDescriptor,
          PartitionKeys: live.PartitionKeys,
          Parameters: { ...live.Parameters, 'crawler.lastRun': 'yesterday' },
        },
      }),
    );
    const ok = await ws.run('apply', '--auto-approve', '--allow-destructive');
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const after = (await t.glue.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'orders' }))).Table!;
    expect(after.StorageDescriptor?.Columns?.find((c) => c.Name === 'amount')?.Type).toBe('decimal(12,2)');
    expect(after.Parameters?.['crawler.lastRun']).toBe('yesterday');
    expect((await ws.run('plan', '--detailed-exitcode')).code).toBe(0);

    // Unmanaged resources are listed and left alone by destroy.
    await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'other' } }));
    await t.glue.send(new CreateTableCommand({ DatabaseName: 'other', TableInput: { Name: 'keep' } }));
    const withOther = await ws.run('plan');
    expect(withOther.stdout).toContain('database.other');
    expect(withOther.stdout).toContain('table.other.keep');

    const destroyed = await ws.run('destroy', '--auto-approve');
    expect(destroyed.stderr).toBe('');
    expect(destroyed.code).toBe(0);
    await expect(t.glue.send(new GetDatabaseCommand({ Name: 'sales' }))).rejects.toMatchObject({
      name: 'EntityNotFoundException',
    });
    await expect(t.glue.send(new GetTableCommand({ DatabaseName: 'other', Name: 'keep' }))).resolves.toBeDefined();
    const state = JSON.parse(readFileSync(join(ws.dir, '.lakebox-state.json'), 'utf8'));
    expect(state.resources).toEqual({});
  });

  it('shows changes made through the SDK to managed resources as drift, apart from the plan', async () => {
    await using t = await startTestLakebox();
    await using ws = workspace(t.endpoint);
    ws.writeSpec(spec('int'));
    expect((await ws.run('apply', '--auto-approve')).code).toBe(0);
    const live = (await t.glue.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'orders' }))).Table!;
    await t.glue.send(
      new UpdateTableCommand({
        DatabaseName: 'sales',
        TableInput: {
          Name: 'orders',
          TableType: live.TableType,
          StorageDescriptor: live.StorageDescriptor,
          PartitionKeys: live.PartitionKeys,
          Parameters: { ...live.Parameters, owner_team: 'someone-else' },
        },
      }),
    );
    const drifted = await ws.run('plan', '--json');
    const plan = JSON.parse(drifted.stdout);
    expect(plan.drift).toEqual([
      {
        address: 'table.sales.orders',
        kind: 'table',
        type: 'changed',
        changed: [{ path: 'parameters.owner_team', before: 'data', after: 'someone-else' }],
      },
    ]);
    const text = await ws.run('plan');
    expect(text.stdout).toContain('Drift: managed resources changed outside lakebox');
    expect(text.stdout).toContain('~ parameters.owner_team = "someone-else" -> "data"');
  });
});
