import { GetTableCommand, UpdateTableCommand } from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { workspace } from './helpers.js';
import { TARGETS } from './targets.js';

const spec = (amountType: string) => `
databases:
  - { name: sales, description: Sales, tags: { team: data } }
tables:
  - database: sales
    name: orders
    format: parquet
    location: s3://lake/sales/orders/
    columns: [{ name: id, type: bigint }, { name: amount, type: ${amountType} }]
    partitionKeys: [{ name: dt, type: string }]
    parameters: { team: data }
    tags: { tier: gold }
`;

/**
 * The reconciler's contract, run against every implementation of the Glue API on this machine, so we know it
 * relies on nothing lakebox-only. Partition indexes are left out: moto does not implement them.
 */
describe.each(TARGETS)('reconciler contract on $name', (target) => {
  it.skipIf(target.skip !== undefined)(
    'creates, converges, retypes, survives outside edits, and destroys',
    async () => {
      await using t = await target.start();
      await using ws = workspace(t.endpoint);
      ws.writeSpec(spec('int'));
      expect((await ws.run('apply', '--auto-approve')).code).toBe(0);
      expect((await ws.run('plan', '--detailed-exitcode')).code).toBe(0);

      ws.writeSpec(spec('bigint'));
      const plan = JSON.parse((await ws.run('plan', '--json')).stdout);
      expect(plan.changes.filter((c: { action: string }) => c.action !== 'noop')).toMatchObject([
        { address: 'table.sales.orders', lint: ['BC201'], changed: [{ path: 'columns.amount.type' }] },
      ]);

      const live = (await t.glue.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'orders' }))).Table!;
      await t.glue.send(
        new UpdateTableCommand({
          DatabaseName: 'sales',
          TableInput: {
            Name: 'orders',
            TableType: live.TableType,
            StorageDescriptor: live.StorageDescriptor,
            PartitionKeys: live.PartitionKeys,
            Parameters: { ...live.Parameters, written_by: 'a crawler' },
          },
        }),
      );
      const applied = await ws.run('apply', '--auto-approve', '--allow-destructive');
      expect(applied.stderr).toBe('');
      expect(applied.code).toBe(0);
      const after = (await t.glue.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'orders' }))).Table!;
      expect(after.Parameters?.['written_by']).toBe('a crawler');
      expect((await ws.run('plan', '--detailed-exitcode')).code).toBe(0);
      expect((await ws.run('destroy', '--auto-approve')).code).toBe(0);
      expect((await ws.run('plan', '--json')).stdout).toContain('"create": 2');
    },
  );
});
