import { describe, expect, it } from 'vitest';
import { databaseKind } from '../resources/database.js';
import { tableKind } from '../resources/table.js';
import { emptyState } from '../state/state.js';
import { computePlan } from './plan.js';
import {
  desiredDatabase,
  desiredTable,
  glueTable,
  liveDatabase,
  liveTable,
  ordersSpec,
  snapshot,
  stateWith,
} from './plan-fixtures.js';
import { compact } from './values.js';

const managedState = (specTable = ordersSpec) =>
  stateWith({
    'database.sales': { kind: 'database', id: ['sales'], attributes: {} },
    'table.sales.orders': {
      kind: 'table',
      id: ['sales', 'orders'],
      attributes: compact(tableKind.flattenSpec(specTable)) as Record<string, string>,
    },
  });

const acting = (plan: ReturnType<typeof computePlan>) => plan.changes.filter((c) => c.action !== 'noop');

describe('computePlan: no perpetual diffs', () => {
  it('finds nothing to do when the live table only differs by server-added fields, defaults, case and blanks', () => {
    const plan = computePlan(
      [desiredDatabase({ name: 'sales' }), desiredTable(ordersSpec)],
      managedState(),
      snapshot(liveDatabase('sales', { 'parameters.added_by_athena': 'x' }), liveTable(glueTable())),
    );
    expect(acting(plan)).toEqual([]);
    expect(plan.drift).toEqual([]);
    expect(plan.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0, noop: 2 });
  });

  it('leaves parameters and columns alone that the spec does not declare', () => {
    const { columns: _columns, ...noColumns } = ordersSpec;
    const table = glueTable({
      Parameters: { ...glueTable().Parameters, 'crawler.version': '2', metadata_location: 's3://x' },
    });
    const plan = computePlan(
      [desiredDatabase({ name: 'sales' }), desiredTable(noColumns)],
      managedState(noColumns),
      snapshot(liveDatabase('sales'), liveTable(table)),
    );
    expect(acting(plan)).toEqual([]);
  });
});

describe('computePlan: changes', () => {
  it('diffs columns by name: inserting one column is one addition', () => {
    const spec = {
      ...ordersSpec,
      columns: [{ name: 'id', type: 'bigint' }, { name: 'customer', type: 'string' }, ...ordersSpec.columns!.slice(1)],
    };
    const plan = computePlan(
      [desiredDatabase({ name: 'sales' }), desiredTable(spec)],
      managedState(),
      snapshot(liveDatabase('sales'), liveTable(glueTable())),
    );
    const [change] = acting(plan);
    expect(change).toMatchObject({ address: 'table.sales.orders', action: 'update', versionId: '3' });
    expect(change?.changed).toEqual([{ path: 'columns.customer.type', after: 'string' }]);
    expect(change?.destructive).toBeUndefined();
    expect(change?.after?.['columns.$order']).toEqual(['id', 'customer', 'amount']);
  });

  it('marks a dropped column, a retyped column and changed partition keys with lint codes', () => {
    const spec = {
      ...ordersSpec,
      columns: [{ name: 'id', type: 'string' }],
      partitionKeys: [{ name: 'day', type: 'string' }],
    };
    const plan = computePlan(
      [desiredDatabase({ name: 'sales' }), desiredTable(spec)],
      managedState(),
      snapshot(liveDatabase('sales'), liveTable(glueTable())),
    );
    const [change] = acting(plan);
    expect(change).toMatchObject({ action: 'update', destructive: true, lint: ['BC201', 'BC202', 'DS103'] });
  });

  it('keeps lint codes on a resource whose spec allows destructive changes, and says it is allowed', () => {
    const spec = { ...ordersSpec, allowDestructive: true, columns: [{ name: 'id', type: 'bigint' }] };
    const plan = computePlan(
      [desiredDatabase({ name: 'sales' }), desiredTable(spec)],
      managedState(),
      snapshot(liveDatabase('sales'), liveTable(glueTable())),
    );
    expect(acting(plan)).toMatchObject([{ destructive: true, lint: ['DS103'], allowDestructive: true }]);
  });

  it('adds a partition index with its own API: an update, never a replace', () => {
    const spec = { ...ordersSpec, partitionIndexes: [{ name: 'by_dt', keys: ['DT'] }] };
    const plan = computePlan(
      [desiredDatabase({ name: 'sales' }), desiredTable(spec)],
      managedState(),
      snapshot(liveDatabase('sales'), liveTable(glueTable())),
    );
    expect(acting(plan)).toMatchObject([
      { action: 'update', changed: [{ path: 'partitionIndexes.by_dt', after: ['dt'] }] },
    ]);
  });

  it('replaces a table whose type changes, destructive, with the reason', () => {
    const spec = { ...ordersSpec, tableType: 'VIRTUAL_VIEW' };
    const plan = computePlan(
      [desiredDatabase({ name: 'sales' }), desiredTable(spec)],
      managedState(),
      snapshot(liveDatabase('sales'), liveTable(glueTable())),
    );
    expect(acting(plan)).toMatchObject([
      { action: 'replace', requiresReplace: ['tableType'], destructive: true, lint: ['DS104'] },
    ]);
    expect(acting(plan)[0]?.reason).toContain('tableType cannot change in place');
  });

  it('removes a parameter the last apply declared and the spec no longer does', () => {
    const before = { ...ordersSpec, parameters: { team: 'data' } };
    const table = glueTable({ Parameters: { ...glueTable().Parameters, team: 'data' } });
    const plan = computePlan(
      [desiredDatabase({ name: 'sales' }), desiredTable(ordersSpec)],
      managedState(before),
      snapshot(liveDatabase('sales'), liveTable(table)),
    );
    expect(acting(plan)).toMatchObject([{ action: 'update', changed: [{ path: 'parameters.team', before: 'data' }] }]);
  });
});

describe('computePlan: ownership, drift and order', () => {
  it('creates databases before tables and deletes tables before databases', () => {
    const create = computePlan(
      [desiredTable(ordersSpec), desiredDatabase({ name: 'sales' })],
      emptyState(),
      snapshot(),
    );
    expect(create.changes.map((c) => `${c.action} ${c.address}`)).toEqual([
      'create database.sales',
      'create table.sales.orders',
    ]);
    const destroy = computePlan([], managedState(), snapshot(liveDatabase('sales'), liveTable(glueTable())), {
      destroy: true,
    });
    expect(destroy.changes.map((c) => `${c.action} ${c.address}`)).toEqual([
      'delete table.sales.orders',
      'delete database.sales',
    ]);
    expect(destroy.changes.map((c) => c.lint)).toEqual([['DS102'], ['DS101']]);
  });

  it('lists live resources nobody manages and never plans to touch them', () => {
    const plan = computePlan([desiredDatabase({ name: 'sales' })], emptyState(), snapshot(liveDatabase('other')));
    expect(plan.unmanaged).toEqual(['database.other']);
    expect(plan.changes.map((c) => c.address)).toEqual(['database.sales']);
  });

  it('refuses to take over a live resource the state does not manage', () => {
    const plan = computePlan([desiredDatabase({ name: 'sales' })], emptyState(), snapshot(liveDatabase('sales')));
    expect(plan.applyable).toBe(false);
    expect(plan.errors[0]?.message).toContain('already exists and this state does not manage it');
  });

  it('reports a reference to a database neither declared nor live', () => {
    const plan = computePlan([desiredTable(ordersSpec)], emptyState(), snapshot());
    expect(plan.errors).toEqual([
      { address: 'table.sales.orders', message: 'database.sales is neither declared in the spec nor exists' },
    ]);
  });

  it('shows managed attributes changed outside the tool as drift, and deleted resources as deleted', () => {
    const state = stateWith({
      'database.sales': { kind: 'database', id: ['sales'], attributes: { description: 'old' } },
      'database.gone': { kind: 'database', id: ['gone'], attributes: {} },
    });
    const plan = computePlan(
      [desiredDatabase({ name: 'sales', description: 'old' })],
      state,
      snapshot(liveDatabase('sales', { description: 'edited' })),
    );
    expect(plan.drift).toEqual([
      { address: 'database.gone', kind: 'database', type: 'deleted', changed: [] },
      {
        address: 'database.sales',
        kind: 'database',
        type: 'changed',
        changed: [{ path: 'description', before: 'old', after: 'edited' }],
      },
    ]);
    expect(plan.changes.find((c) => c.address === 'database.gone')).toMatchObject({ action: 'noop', after: null });
    expect(databaseKind.lint(plan.changes[0]!)).toEqual([]);
  });

  it('limits the plan to --target addresses and what they depend on', () => {
    const plan = computePlan(
      [desiredDatabase({ name: 'sales' }), desiredTable(ordersSpec), desiredDatabase({ name: 'web' })],
      emptyState(),
      snapshot(),
      { targets: ['table.sales.orders'] },
    );
    expect(plan.changes.map((c) => c.address)).toEqual(['database.sales', 'table.sales.orders']);
    expect(plan.summary.create).toBe(2);
  });

  it('round-trips through JSON', () => {
    const plan = computePlan([desiredTable(ordersSpec), desiredDatabase({ name: 'sales' })], emptyState(), snapshot());
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });
});
