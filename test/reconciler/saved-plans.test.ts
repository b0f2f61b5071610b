import { join } from 'node:path';
import { GetTableCommand, UpdateDatabaseCommand, UpdateTableCommand } from '@aws-sdk/client-glue';
import { applyPlan, connect, loadSpec, makePlan, readState } from '@lakebox/reconciler';
import { describe, expect, it } from 'vitest';
import { startTestLakebox } from '../support/lakebox.js';
import { workspace } from './helpers.js';

const SPEC = `
databases:
  - name: sales
    description: Sales
tables:
  - database: sales
    name: orders
    format: csv
    columns: [{ name: id, type: int }, { name: amount, type: double }]
`;

describe('saved plans and compare-and-swap', () => {
  it('applies a saved plan, and refuses one made stale by a live change or a state change', async () => {
    await using t = await startTestLakebox();
    await using ws = workspace(t.endpoint);
    ws.writeSpec(SPEC);
    const saved = await ws.run('plan', '--out', 'plan.json');
    expect(saved.code).toBe(0);
    expect(saved.stdout).toContain('Saved the plan to plan.json');
    const applied = await ws.run('apply', 'plan.json');
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);

    // The state moved since the plan: the same saved plan is now stale.
    const again = await ws.run('apply', 'plan.json');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/stale plan/);

    // A plan made for another state file.
    const other = await ws.run('apply', 'plan.json', '--state', 'elsewhere.json');
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/this plan was made for another state|stale plan/);

    // A live change after the plan was saved: refused, naming the resource.
    ws.writeSpec(SPEC.replace('description: Sales', 'description: Sales data'));
    expect((await ws.run('plan', '--out', 'plan2.json')).code).toBe(0);
    await t.glue.send(
      new UpdateDatabaseCommand({ Name: 'sales', DatabaseInput: { Name: 'sales', Description: 'hand edit' } }),
    );
    const stale = await ws.run('apply', 'plan2.json');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('stale plan: changed live since plan2.json was made: database.sales');
  });

  it('fails a table update with "changed since plan" when the table moved after planning, and reports what was not done', async () => {
    await using t = await startTestLakebox();
    await using ws = workspace(t.endpoint);
    ws.writeSpec(SPEC);
    expect((await ws.run('apply', '--auto-approve')).code).toBe(0);
    ws.writeSpec(SPEC.replace('type: double', 'type: double, comment: in euros'));
    const ctx = await connect({ endpoint: t.endpoint });
    try {
      const statePath = join(ws.dir, '.lakebox-state.json');
      const plan = await makePlan(ctx, await loadSpec(join(ws.dir, 'lakebox.yaml')), readState(statePath));
      expect(plan.changes.filter((c) => c.action !== 'noop').map((c) => c.address)).toEqual(['table.sales.orders']);
      const live = (await t.glue.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'orders' }))).Table!;
      await t.glue.send(
        new UpdateTableCommand({
          DatabaseName: 'sales',
          TableInput: { Name: 'orders', StorageDescriptor: live.StorageDescriptor, Parameters: { touched: 'yes' } },
        }),
      );
      const result = await applyPlan(ctx, plan, { statePath });
      expect(result.done).toEqual([]);
      expect(result.failed).toHaveLength(1);
      expect(result.failed[0]?.error).toMatch(/table\.sales\.orders changed since plan/);
    } finally {
      ctx.close();
    }
  });
});
