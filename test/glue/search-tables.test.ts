import {
  CreateDatabaseCommand,
  CreateTableCommand,
  GetTableCommand,
  InvalidInputException,
  type PropertyPredicate,
  paginateSearchTables,
  SearchTablesCommand,
  type SearchTablesCommandInput,
  type TableInput,
} from '@aws-sdk/client-glue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLakebox, type TestLakebox } from '../support/lakebox.js';

const TABLES: Record<string, TableInput[]> = {
  hr: [
    {
      Name: 'employees',
      TableType: 'EXTERNAL_TABLE',
      StorageDescriptor: { Columns: [{ Name: 'full_name', Type: 'string', Comment: 'legal name' }] },
    },
    { Name: 'xx-link-yy', TableType: 'VIRTUAL_VIEW', Description: 'headcount view' },
  ],
  sales: [
    {
      Name: 'customer_link',
      Description: 'Links customers to their accounts',
      TableType: 'EXTERNAL_TABLE',
      Parameters: { classification: 'parquet' },
      StorageDescriptor: {
        Columns: [
          { Name: 'customer_id', Type: 'bigint' },
          { Name: 'account_ref', Type: 'string', Comment: 'ledger reference' },
        ],
        Location: 's3://lake/sales/customer_link/',
      },
    },
    {
      Name: 'orders',
      Description: 'Customer orders',
      TableType: 'EXTERNAL_TABLE',
      Owner: 'finance',
      Parameters: { classification: 'csv' },
      StorageDescriptor: { Columns: [{ Name: 'amount', Type: 'decimal(10,2)', Comment: 'in euros' }] },
      PartitionKeys: [{ Name: 'order_day', Type: 'date', Comment: 'day the order was placed' }],
    },
    { Name: 'xxlinkyy', TableType: 'EXTERNAL_TABLE' },
  ],
};

const ALL = ['hr.employees', 'hr.xx-link-yy', 'sales.customer_link', 'sales.orders', 'sales.xxlinkyy'];

let t: TestLakebox;
/** CreateTime of sales.xxlinkyy, created last, a second after the others. */
let lateCreated: Date;

async function search(input: SearchTablesCommandInput = {}): Promise<string[]> {
  const out = await t.glue.send(new SearchTablesCommand(input));
  return (out.TableList ?? []).map((x) => `${x.DatabaseName}.${x.Name}`);
}

const filter = (Key: string, Value: string, Comparator?: PropertyPredicate['Comparator']): PropertyPredicate => ({
  Key,
  Value,
  ...(Comparator ? { Comparator } : {}),
});

beforeAll(async () => {
  t = await startTestLakebox();
  for (const [db, tables] of Object.entries(TABLES)) {
    await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: db } }));
    for (const TableInput of tables) {
      if (TableInput.Name === 'xxlinkyy') await new Promise((done) => setTimeout(done, 1100));
      await t.glue.send(new CreateTableCommand({ DatabaseName: db, TableInput }));
    }
  }
  const late = await t.glue.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'xxlinkyy' }));
  lateCreated = late.Table?.CreateTime ?? new Date();
  // Another account's tables are never found.
  const other = t.glueFor({ accountId: '111122223333' });
  await other.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'sales' } }));
  await other.send(new CreateTableCommand({ DatabaseName: 'sales', TableInput: { Name: 'orders' } }));
});

afterAll(async () => {
  await t[Symbol.asyncDispose]();
});

describe('Glue SearchTables', () => {
  it('lists every table of every database of the catalog, whole', async () => {
    expect(await search()).toEqual(ALL);
    const out = await t.glue.send(new SearchTablesCommand({ ResourceShareType: 'ALL' }));
    expect(out.TableList?.find((x) => x.Name === 'orders')).toMatchObject({
      DatabaseName: 'sales',
      Owner: 'finance',
      CatalogId: '000000000000',
      PartitionKeys: [{ Name: 'order_day', Type: 'date' }],
    });
    expect(await search({ CatalogId: '000000000000' })).toEqual(ALL);
    expect(await search({ CatalogId: '111122223333' })).toEqual(['sales.orders']);
  });

  it('matches SearchText by token, as the API reference describes for names', async () => {
    expect(await search({ SearchText: 'link' })).toEqual(['hr.xx-link-yy', 'sales.customer_link']);
    expect(await search({ SearchText: 'LINK' })).toEqual(['hr.xx-link-yy', 'sales.customer_link']);
    expect(await search({ SearchText: 'customer_link' })).toEqual(['sales.customer_link']);
  });

  it('searches descriptions, columns, partition keys, comments and parameter values', async () => {
    expect(await search({ SearchText: 'accounts' })).toEqual(['sales.customer_link']);
    expect(await search({ SearchText: 'amount' })).toEqual(['sales.orders']);
    expect(await search({ SearchText: 'euros' })).toEqual(['sales.orders']);
    expect(await search({ SearchText: 'order_day' })).toEqual(['sales.orders']);
    expect(await search({ SearchText: 'ledger' })).toEqual(['sales.customer_link']);
    expect(await search({ SearchText: 'parquet' })).toEqual(['sales.customer_link']);
    expect(await search({ SearchText: 'hr' })).toEqual(['hr.employees', 'hr.xx-link-yy']);
  });

  it('needs every word, matches "quoted values" whole and expands * in words', async () => {
    expect(await search({ SearchText: 'customer orders' })).toEqual(['sales.orders']);
    expect(await search({ SearchText: 'customer nothing' })).toEqual([]);
    expect(await search({ SearchText: '"customer orders"' })).toEqual(['sales.orders']);
    expect(await search({ SearchText: '"customer"' })).toEqual([]);
    expect(await search({ SearchText: 'emp*' })).toEqual(['hr.employees']);
    expect(await search({ SearchText: '*link*' })).toEqual(['hr.xx-link-yy', 'sales.customer_link', 'sales.xxlinkyy']);
  });

  it('filters string keys by token', async () => {
    expect(await search({ Filters: [filter('DatabaseName', 'hr')] })).toEqual(['hr.employees', 'hr.xx-link-yy']);
    expect(await search({ Filters: [filter('Name', 'link')] })).toEqual(['hr.xx-link-yy', 'sales.customer_link']);
    expect(await search({ Filters: [filter('Name', 'customer_link')] })).toEqual(['sales.customer_link']);
    expect(await search({ Filters: [filter('TableType', 'VIRTUAL_VIEW')] })).toEqual(['hr.xx-link-yy']);
    expect(await search({ Filters: [filter('Description', 'view')] })).toEqual(['hr.xx-link-yy']);
    expect(await search({ Filters: [filter('Owner', 'finance')] })).toEqual(['sales.orders']);
    expect(await search({ Filters: [filter('classification', 'csv')] })).toEqual(['sales.orders']);
    expect(await search({ Filters: [filter('DatabaseName', 'sales'), filter('Name', 'link')] })).toEqual([
      'sales.customer_link',
    ]);
    expect(await search({ SearchText: 'link', Filters: [filter('DatabaseName', 'hr')] })).toEqual(['hr.xx-link-yy']);
  });

  it('compares time keys with the Comparator, to the second', async () => {
    const seconds = Math.floor(lateCreated.getTime() / 1000);
    const at = (Comparator: PropertyPredicate['Comparator'], value = String(seconds)) =>
      search({ Filters: [filter('CreateTime', value, Comparator)] });
    const early = ALL.filter((n) => n !== 'sales.xxlinkyy');
    expect(await at('EQUALS')).toEqual(['sales.xxlinkyy']);
    expect(await at(undefined)).toEqual(['sales.xxlinkyy']);
    expect(await at('GREATER_THAN_EQUALS')).toEqual(['sales.xxlinkyy']);
    expect(await at('LESS_THAN')).toEqual(early);
    expect(await at('LESS_THAN_EQUALS')).toEqual(ALL);
    expect(await at('GREATER_THAN')).toEqual([]);
    expect(await at('EQUALS', String(lateCreated.getTime()))).toEqual(['sales.xxlinkyy']);
    expect(await at('EQUALS', new Date(seconds * 1000).toISOString())).toEqual(['sales.xxlinkyy']);
    await expect(at('EQUALS', 'yesterday')).rejects.toBeInstanceOf(InvalidInputException);
  });

  it('sorts by SortCriteria', async () => {
    expect(await search({ SortCriteria: [{ FieldName: 'Name', Sort: 'DESC' }] })).toEqual([
      'sales.xxlinkyy',
      'hr.xx-link-yy',
      'sales.orders',
      'hr.employees',
      'sales.customer_link',
    ]);
    expect(await search({ SortCriteria: [{ FieldName: 'Name' }] })).toEqual([
      'sales.customer_link',
      'hr.employees',
      'sales.orders',
      'hr.xx-link-yy',
      'sales.xxlinkyy',
    ]);
    const byTime = await search({ SortCriteria: [{ FieldName: 'CreateTime', Sort: 'DESC' }] });
    expect(byTime[0]).toBe('sales.xxlinkyy');
    // Tables without the field come last.
    expect(await search({ SortCriteria: [{ FieldName: 'Description', Sort: 'ASC' }] })).toEqual([
      'sales.orders',
      'hr.xx-link-yy',
      'sales.customer_link',
      'hr.employees',
      'sales.xxlinkyy',
    ]);
    await expect(search({ SortCriteria: [{ FieldName: 'Nonsense' }] })).rejects.toBeInstanceOf(InvalidInputException);
    await expect(search({ SortCriteria: [{ FieldName: 'Name' }, { FieldName: 'Owner' }] })).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('pages with MaxResults and NextToken, in any sort order', async () => {
    const first = await t.glue.send(new SearchTablesCommand({ MaxResults: 2 }));
    expect(first.TableList?.map((x) => x.Name)).toEqual(['employees', 'xx-link-yy']);
    expect(first.NextToken).toBeTruthy();

    for (const SortCriteria of [undefined, [{ FieldName: 'Name', Sort: 'DESC' as const }]]) {
      const names: string[] = [];
      for await (const page of paginateSearchTables({ client: t.glue, pageSize: 2 }, { SortCriteria })) {
        expect(page.TableList?.length ?? 0).toBeLessThanOrEqual(2);
        names.push(...(page.TableList ?? []).map((x) => `${x.DatabaseName}.${x.Name}`));
      }
      expect(names).toEqual(await search({ SortCriteria }));
    }

    const last = await t.glue.send(new SearchTablesCommand({ MaxResults: 5 }));
    expect(last.NextToken).toBeUndefined();
    await expect(search({ NextToken: 'garbage' })).rejects.toBeInstanceOf(InvalidInputException);
    // A token belongs to the sort it was made for.
    await expect(
      search({ NextToken: first.NextToken, SortCriteria: [{ FieldName: 'Name', Sort: 'DESC' }] }),
    ).rejects.toBeInstanceOf(InvalidInputException);
    await expect(search({ MaxResults: 1001 })).rejects.toMatchObject({ name: 'ValidationException' });
    expect(await search({ MaxResults: 1000 })).toEqual(ALL);
  });

  it('finds nothing shared from other accounts', async () => {
    expect(await search({ ResourceShareType: 'FOREIGN' })).toEqual([]);
    expect(await search({ ResourceShareType: 'FEDERATED' })).toEqual([]);
    expect(await search({ ResourceShareType: 'ALL', SearchText: 'orders' })).toEqual(['sales.orders']);
  });
});
