import { describe, expect, it } from 'vitest';
import { computePlan } from '../diff/plan.js';
import {
  desiredDatabase,
  desiredTable,
  glueTable,
  liveDatabase,
  liveTable,
  ordersSpec,
  snapshot,
  stateWith,
} from '../diff/plan-fixtures.js';
import { compact } from '../diff/values.js';
import { tableKind } from '../resources/table.js';
import { emptyState } from '../state/state.js';
import { renderPlanJson } from './json.js';
import { renderPlanText } from './text.js';

const NOW = '2026-11-23T00:00:00.000Z';

function mixedPlan() {
  const state = stateWith({
    'database.sales': { kind: 'database', id: ['sales'], attributes: { description: 'Sales' } },
    'table.sales.orders': {
      kind: 'table',
      id: ['sales', 'orders'],
      attributes: compact(tableKind.flattenSpec(ordersSpec)) as Record<string, string>,
    },
    'table.sales.old': { kind: 'table', id: ['sales', 'old'], attributes: {} },
  });
  const spec = {
    ...ordersSpec,
    columns: [
      { name: 'id', type: 'bigint' },
      { name: 'amount', type: 'decimal(12,2)' },
      { name: 'note', type: 'string' },
    ],
    parameters: { team: 'data' },
  };
  return computePlan(
    [
      desiredDatabase({ name: 'sales', description: 'Sales' }),
      desiredTable(spec),
      desiredDatabase({ name: 'web', tags: { team: 'web' } }),
    ],
    state,
    snapshot(
      liveDatabase('sales', { description: 'Sales (edited)' }),
      liveTable(glueTable()),
      liveTable(glueTable({ Name: 'old' })),
      liveDatabase('scratch'),
    ),
    { now: NOW },
  );
}

describe('renderPlanText', () => {
  it('renders creates, updates, deletes, drift, unmanaged and the summary like Terraform', () => {
    expect(renderPlanText(mixedPlan())).toMatchSnapshot();
  });

  it('says there is nothing to do', () => {
    const plan = computePlan([], emptyState(), snapshot(), { now: NOW });
    expect(renderPlanText(plan)).toBe('No changes. The live resources match the spec.\n');
  });

  it('colours symbols only when asked (the CLI asks on a TTY)', () => {
    expect(renderPlanText(mixedPlan())).not.toContain('\u001b[');
    expect(renderPlanText(mixedPlan(), { color: true })).toContain('\u001b[32m+\u001b[0m database.web');
  });
});

describe('renderPlanJson', () => {
  it('is the plan document, lint codes included', () => {
    const json = JSON.parse(renderPlanJson(mixedPlan()));
    expect(json.changes.find((c: { address: string }) => c.address === 'table.sales.old')).toMatchObject({
      action: 'delete',
      lint: ['DS102'],
      destructive: true,
    });
    expect(json.summary).toEqual({ create: 1, update: 2, replace: 0, delete: 1, noop: 0 });
  });
});
