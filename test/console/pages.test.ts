import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLakebox } from '../support/lakebox.js';
import { ANALYSTS, type ConsoleLakebox, startSeededLakebox } from './seed.js';
import { buildConsole, launchBrowser, openPage, screenshot } from './support.js';

/** The web console in a real headless Chromium against a live, seeded lakebox. */
describe('console pages', () => {
  let t: ConsoleLakebox;
  let browser: Browser;
  let page: Page;
  let pageErrors: Error[];

  beforeAll(async () => {
    await buildConsole();
    t = await startSeededLakebox();
    browser = await launchBrowser();
    ({ page, pageErrors } = await openPage(browser));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.[Symbol.asyncDispose]();
  });

  const go = (hash: string) => page.goto(`${t.endpoint}/_lakebox/console/#${hash}`);
  const main = () => page.locator('main');

  it('serves the built console at /_lakebox/console/ and the overview counts what was seeded', async () => {
    await go('/');
    await expect(page.title()).resolves.toBe('lakebox console');
    const tile = (name: string) => page.getByTestId(`count-${name}`).locator('.tile-value');
    await expect.poll(() => tile('databases').textContent()).toBe('2');
    await expect.poll(() => tile('tables').textContent()).toBe('1');
    await expect.poll(() => tile('partitions').textContent()).toBe('2');
    await expect.poll(() => tile('jobs').textContent()).toBe('1');
    await expect.poll(() => tile('crawlers').textContent()).toBe('1');
    // lake, scripts, results (the Athena test bucket)
    await expect.poll(() => tile('buckets').textContent()).toBe('3');
    // Queries of every workgroup, newest first: the seeded one in sales-analysts, then the one in primary.
    await expect.poll(() => tile('queries').textContent()).toBe('2');
    const recent = main().getByRole('table', { name: 'Recent queries' }).locator('tbody tr');
    await expect.poll(() => recent.count()).toBe(2);
    expect(await recent.nth(0).textContent()).toContain('SELECT count(*) AS analyst_orders FROM orders');
    expect(await recent.nth(0).textContent()).toContain(ANALYSTS.name);
    expect(await recent.nth(1).textContent()).toContain('SELECT 1 AS primary_answer');
    expect(await recent.nth(1).textContent()).toContain('primary');
    await screenshot(page, 'overview');
    // A recent query opens in the editor, in its workgroup (then back to primary for the other tests).
    await recent.nth(0).getByRole('link').click();
    await expect.poll(() => main().getByLabel('Workgroup').inputValue()).toBe(ANALYSTS.name);
    expect(await main().getByLabel('SQL').inputValue()).toBe('SELECT count(*) AS analyst_orders FROM orders');
    await main().getByRole('button', { name: 'analyst revenue', exact: true }).waitFor();
    await main().getByLabel('Workgroup').selectOption('primary');
    await main().getByRole('button', { name: 'big orders', exact: true }).waitFor();
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('lists databases and their tables', async () => {
    await go('/databases');
    await main().getByRole('link', { name: 'sales' }).click();
    await main().getByRole('link', { name: 'orders' }).waitFor();
    const text = await main().textContent();
    expect(text).toContain('Sales data');
    expect(text).toContain('s3://lake/orders/');
    expect(text).toContain('year');
    await screenshot(page, 'database');
  }, 60_000);

  it('shows a table: columns, partition keys, storage and SerDe, parameters', async () => {
    await go('/databases/sales/tables/orders');
    await main().getByRole('table', { name: 'Columns' }).waitFor();
    const columns = await main().getByRole('table', { name: 'Columns' }).textContent();
    for (const c of ['id', 'item', 'amount', 'note', 'double', 'what was sold']) expect(columns).toContain(c);
    expect(await main().getByRole('table', { name: 'Partition keys' }).textContent()).toContain('year');
    await screenshot(page, 'table-schema');

    await main()
      .getByRole('tab', { name: /Storage/ })
      .click();
    await main().getByText('org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe').waitFor();
    expect(await main().getByRole('table', { name: 'SerDe parameters' }).textContent()).toContain('field.delim');

    await main()
      .getByRole('tab', { name: /Parameters/ })
      .click();
    expect(await main().getByRole('table', { name: 'Table parameters' }).textContent()).toContain('data-team');
  }, 60_000);

  it('pages partitions and filters them with a Glue expression', async () => {
    await go('/databases/sales/tables/orders?tab=partitions');
    const grid = main().getByRole('table', { name: 'Partitions' });
    await grid.getByText('s3://lake/orders/year=2025/').waitFor();
    expect(await grid.locator('tbody tr').count()).toBe(2);
    await main().getByLabel('Glue expression').fill("year > '2024'");
    await main().getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => grid.locator('tbody tr').count()).toBe(1);
    expect(await grid.textContent()).toContain('2025');
    await screenshot(page, 'table-partitions');

    await main().getByLabel('Glue expression').fill('year = ');
    await main().getByRole('button', { name: 'Filter' }).click();
    await main().getByRole('alert').waitFor();
    expect(await main().getByRole('alert').textContent()).toContain('InvalidInputException');
  }, 60_000);

  it('lists table versions and diffs two of them', async () => {
    await go('/databases/sales/tables/orders?tab=versions');
    const diff = main().getByLabel('Differences between versions');
    await diff.waitFor();
    const added = await diff.locator('.add').allTextContents();
    expect(added.join('\n')).toContain('"note"');
    expect(await main().getByRole('table', { name: 'Table versions' }).locator('tbody tr').count()).toBe(2);
    await screenshot(page, 'table-versions');
  }, 60_000);

  it('previews the first rows of a table through Athena', async () => {
    await go('/databases/sales/tables/orders?tab=preview');
    const grid = main().getByRole('table', { name: 'Query results' });
    await grid.getByText('gizmo').waitFor({ timeout: 30_000 });
    const text = await grid.textContent();
    expect(text).toContain('widget');
    expect(text).toContain('double');
    await screenshot(page, 'table-preview');
  }, 60_000);

  it('browses S3: buckets, prefixes, objects, and downloads one', async () => {
    await go('/s3');
    await main().getByRole('link', { name: 'lake', exact: true }).click();
    await main()
      .getByRole('link', { name: /orders\// })
      .click();
    await main()
      .getByRole('link', { name: /year=2024\// })
      .click();
    await main().getByText('part-0.csv').waitFor();
    await screenshot(page, 's3');
    const download = page.waitForEvent('download');
    await main().getByRole('button', { name: 'Download orders/year=2024/part-0.csv' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('part-0.csv');
  }, 60_000);

  it('shows what a reconciler state file manages, its last apply and drift', async () => {
    await go(`/reconciler?path=${encodeURIComponent(`${t.dataDir}/.lakebox-state.json`)}`);
    await main().getByRole('table', { name: 'Managed resources' }).getByText('database.sales').waitFor();
    const drift = main().getByRole('table', { name: 'Drift of database.sales' });
    await drift.waitFor();
    const text = await drift.textContent();
    expect(text).toContain('Sales (as applied)');
    expect(text).toContain('Sales data');
    expect(await main().textContent()).toContain('Last apply');
    await screenshot(page, 'reconciler');
  }, 60_000);

  it('says what to do on an empty list and what went wrong on a missing resource', async () => {
    await go('/databases/nope');
    await main().getByRole('alert').waitFor();
    expect(await main().getByRole('alert').textContent()).toContain('EntityNotFoundException');
    await go('/s3/lake/nothing-here');
    await main().getByText('This folder is empty').waitFor();
  }, 60_000);

  it('says what to do on every page of an empty lakebox', async () => {
    await using empty = await startTestLakebox();
    const fresh = await openPage(browser);
    const visit = async (hash: string, text: string | RegExp) => {
      await fresh.page.goto(`${empty.endpoint}/_lakebox/console/#${hash}`);
      await fresh.page.locator('main').getByText(text).first().waitFor();
    };
    await visit('/', 'No job runs yet');
    await visit('/databases', 'No databases yet');
    await fresh.page.locator('main').getByText('aws glue create-database').waitFor();
    await screenshot(fresh.page, 'empty-databases');
    await visit('/jobs', 'No jobs yet');
    await visit('/crawlers', 'No crawlers yet');
    await visit('/triggers', 'No triggers yet');
    await visit('/s3', 'No buckets yet');
    // State files are searched for in the working directory too, which may hold one.
    await visit('/reconciler', /No reconciler state file found|Managed resources/);
    await visit('/nowhere', 'Page not found');
    expect(fresh.pageErrors).toEqual([]);
    await fresh.page.context().close();
  }, 60_000);

  it('works at a wide 1920 px window too', async () => {
    const wide = await openPage(browser, 1920);
    await wide.page.goto(`${t.endpoint}/_lakebox/console/#/databases/sales/tables/orders`);
    await wide.page.getByRole('table', { name: 'Columns' }).waitFor();
    await screenshot(wide.page, 'table-schema-1920');
    expect(wide.pageErrors).toEqual([]);
    await wide.page.context().close();
  }, 60_000);
});
