import { readFileSync } from 'node:fs';
import { BatchGetQueryExecutionCommand, ListQueryExecutionsCommand } from '@aws-sdk/client-athena';
import { GetJobRunsCommand } from '@aws-sdk/client-glue';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYSTS, type ConsoleLakebox, startSeededLakebox } from './seed.js';
import { buildConsole, launchBrowser, openPage, screenshot } from './support.js';

/** Doing things from the console: run a query, start a job and a crawler, and see their states live. */
describe('console actions', () => {
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

  it('runs a query from the editor and shows typed results, pages and a CSV download', async () => {
    await go('/query');
    await main().getByLabel('Database').selectOption('sales');
    await main().getByLabel('SQL').fill('SELECT id, item, amount FROM orders ORDER BY id');
    await main().getByTestId('run-query').click();
    const grid = main().getByRole('table', { name: 'Query results' });
    await grid.getByText('gizmo').waitFor({ timeout: 30_000 });
    const header = await grid.locator('thead').textContent();
    expect(header).toContain('integer');
    expect(header).toContain('varchar');
    expect(header).toContain('double');
    expect(await grid.locator('tbody tr').count()).toBe(3);
    expect(await main().getByTestId('query-state').textContent()).toContain('SUCCEEDED');
    // The history lists it.
    await main().locator('.history-item').first().getByText('SELECT id, item, amount').waitFor();
    await screenshot(page, 'query');

    const download = page.waitForEvent('download');
    await main()
      .getByRole('button', { name: /Download CSV/ })
      .click();
    const file = await download;
    const csv = readFileSync((await file.path()) ?? '', 'utf8');
    expect(csv.split('\n')[0]).toBe('"id","item","amount"');
    expect(csv).toContain('"gizmo"');
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('pages through long results, and Ctrl+Enter runs the query', async () => {
    await go('/query');
    await main().getByLabel('SQL').fill('SELECT n FROM UNNEST(sequence(1, 250)) AS t(n) ORDER BY n');
    await main().getByLabel('SQL').press('Control+Enter');
    const grid = main().getByRole('table', { name: 'Query results' });
    await main().getByText('Rows 1–100').waitFor({ timeout: 30_000 });
    expect(await grid.locator('tbody tr').count()).toBe(100);
    await main().getByRole('button', { name: 'Next →' }).click();
    await main().getByText('Rows 101–200').waitFor();
    expect(await grid.locator('tbody tr').first().locator('td').nth(1).textContent()).toBe('101');
    await main().getByRole('button', { name: 'Next →' }).click();
    await main().getByText('Rows 201–250').waitFor();
    expect(await main().getByRole('button', { name: 'Next →' }).isDisabled()).toBe(true);
    await main().getByRole('button', { name: '← Previous' }).click();
    await main().getByText('Rows 101–200').waitFor();
  }, 60_000);

  it('shows a failing query with its line and column', async () => {
    await go('/query');
    await main().getByLabel('Database').selectOption('sales');
    await main().getByLabel('SQL').fill('SELECT id,\n  nope\nFROM orders');
    await main().getByTestId('run-query').click();
    const error = main().getByTestId('query-error');
    await error.waitFor({ timeout: 30_000 });
    const text = await error.textContent();
    expect(text).toMatch(/at line 2, column 3/);
    expect(await main().getByLabel('Where the error is').textContent()).toContain('nope');
    await screenshot(page, 'query-error');
  }, 60_000);

  it('loads a saved (named) query into the editor and saves a new one', async () => {
    await go('/query');
    await main().getByRole('button', { name: 'big orders', exact: true }).click();
    await expect.poll(() => main().getByLabel('SQL').inputValue()).toBe('SELECT * FROM orders WHERE amount > 10');
    await main().getByRole('button', { name: 'Save as…' }).click();
    await main().getByLabel('Name of the saved query').fill('my query');
    await main().getByRole('button', { name: 'Save', exact: true }).click();
    await main().getByRole('button', { name: 'my query', exact: true }).waitFor();
  }, 60_000);

  it('picks another workgroup: its saved queries, history and result location, and runs a query there', async () => {
    await go('/query');
    const picker = main().getByLabel('Workgroup');
    await picker.locator(`option[value="${ANALYSTS.name}"]`).waitFor({ state: 'attached' });
    expect(await picker.inputValue()).toBe('primary');
    await main().getByRole('button', { name: 'big orders', exact: true }).waitFor();
    expect(await main().getByRole('button', { name: 'analyst revenue', exact: true }).count()).toBe(0);

    await picker.selectOption(ANALYSTS.name);
    // Saved queries and history are the workgroup's own.
    await main().getByRole('button', { name: 'analyst revenue', exact: true }).waitFor();
    expect(await main().getByRole('button', { name: 'big orders', exact: true }).count()).toBe(0);
    await main().locator('.history-item').getByText('SELECT count(*) AS analyst_orders').waitFor();
    // It enforces its own result location, which the editor says.
    const location = main().getByTestId('result-location');
    await expect.poll(() => location.textContent()).toContain(ANALYSTS.output);
    expect(await location.textContent()).toContain('enforced');

    await main().getByRole('button', { name: 'analyst revenue', exact: true }).click();
    await expect.poll(() => main().getByLabel('SQL').inputValue()).toBe('SELECT sum(amount) AS revenue FROM orders');
    expect(await main().getByLabel('Database').inputValue()).toBe('sales');
    await main().getByTestId('run-query').click();
    const grid = main().getByRole('table', { name: 'Query results' });
    await grid.getByText('36.75').waitFor({ timeout: 30_000 });
    expect(await grid.locator('thead').textContent()).toContain('revenue');
    await main().locator('.history-item').first().getByText('SELECT sum(amount) AS revenue').waitFor();
    await screenshot(page, 'query-workgroup');

    // It ran in the workgroup, with the workgroup's result location.
    const ids =
      (await t.athena.send(new ListQueryExecutionsCommand({ WorkGroup: ANALYSTS.name }))).QueryExecutionIds ?? [];
    expect(ids).toHaveLength(2);
    const runs =
      (await t.athena.send(new BatchGetQueryExecutionCommand({ QueryExecutionIds: ids }))).QueryExecutions ?? [];
    const ran = runs.find((q) => q.Query === 'SELECT sum(amount) AS revenue FROM orders');
    expect(ran?.WorkGroup).toBe(ANALYSTS.name);
    expect(ran?.ResultConfiguration?.OutputLocation).toMatch(new RegExp(`^${ANALYSTS.output}`));

    // The choice is remembered; back to primary for the other tests.
    await page.reload();
    await expect.poll(() => main().getByLabel('Workgroup').inputValue()).toBe(ANALYSTS.name);
    await main().getByRole('button', { name: 'analyst revenue', exact: true }).waitFor();
    await main().getByLabel('Workgroup').selectOption('primary');
    await main().getByRole('button', { name: 'big orders', exact: true }).waitFor();
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('starts a job with arguments from the UI and shows its run reach SUCCEEDED, with its logs', async () => {
    await go('/jobs');
    await main().getByRole('link', { name: 'hello' }).click();
    await main().getByLabel('Argument 1 name').fill('--greeting');
    await main().getByLabel('Argument 1 value').fill('from-the-browser');
    await main().getByTestId('run-job').click();
    const runs = main().getByRole('table', { name: 'Job runs' });
    await runs.locator('[data-state="SUCCEEDED"]').waitFor({ timeout: 40_000 });
    expect(await runs.textContent()).toContain('--greeting from-the-browser');
    await screenshot(page, 'job');

    await runs.locator('a').first().click();
    const log = main().getByLabel('output log');
    await log.waitFor({ timeout: 20_000 });
    await expect.poll(() => log.textContent(), { timeout: 20_000 }).toContain('greeting=from-the-browser');
    await screenshot(page, 'job-run');
  }, 90_000);

  it('starts a crawler and shows its last crawl', async () => {
    await go('/crawlers');
    const grid = main().getByRole('table', { name: 'Crawlers' });
    await grid.getByText('s3://lake/orders/').waitFor();
    await main().getByRole('button', { name: 'Start crawler orders-crawler' }).click();
    const lastCrawl = grid.locator('[data-testid="last-crawl"] .badge');
    await grid.locator('[data-testid="last-crawl"] .badge:not([data-state="RUNNING"])').waitFor({ timeout: 40_000 });
    await screenshot(page, 'crawlers');
    expect(await lastCrawl.getAttribute('data-state')).toBe('SUCCEEDED');
  }, 90_000);

  it('lists triggers with what they start', async () => {
    await go('/triggers');
    const grid = main().getByRole('table', { name: 'Triggers' });
    await grid.getByText('hello-on-demand').waitFor();
    expect(await grid.textContent()).toContain('ON_DEMAND');
    expect(await grid.getByRole('link', { name: 'hello' }).count()).toBe(1);
    await screenshot(page, 'triggers');

    // Firing the on-demand trigger starts its job.
    const runs = async () => (await t.glue.send(new GetJobRunsCommand({ JobName: 'hello' }))).JobRuns?.length ?? 0;
    const before = await runs();
    await grid.getByRole('button', { name: /Fire/ }).click();
    await expect.poll(runs, { timeout: 20_000 }).toBe(before + 1);
    expect(await main().getByRole('alert').count()).toBe(0);
  }, 60_000);

  it('shows job and query state changes live on the overview', async () => {
    await go('/');
    await page.locator('.live.on').waitFor();
    await go('/query');
    await main().getByLabel('SQL').fill('SELECT 42 AS answer');
    await main().getByTestId('run-query').click();
    await main().getByRole('table', { name: 'Query results' }).getByText('42').waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'Overview' }).click();
    await main().getByRole('table', { name: 'Recent job runs' }).locator('[data-state="SUCCEEDED"]').first().waitFor();
    await screenshot(page, 'overview-activity');
  }, 60_000);
});

describe('console routes', () => {
  let t: ConsoleLakebox;
  beforeAll(async () => {
    t = await startSeededLakebox();
  }, 60_000);
  afterAll(async () => {
    await t?.[Symbol.asyncDispose]();
  });

  it('streams run-state events as server-sent events', async () => {
    const controller = new AbortController();
    const res = await fetch(`${t.endpoint}/_lakebox/events?account=default&region=us-east-1`, {
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    expect(text).toContain('retry:');
    const { StartQueryExecutionCommand } = await import('@aws-sdk/client-athena');
    await t.athena.send(
      new StartQueryExecutionCommand({ QueryString: 'SELECT 1', ResultConfiguration: { OutputLocation: t.output } }),
    );
    // Queries may not emit events (contract 2 makes it optional); a job run always does.
    const { StartJobRunCommand } = await import('@aws-sdk/client-glue');
    await t.glue.send(new StartJobRunCommand({ JobName: 'hello' }));
    while (!/"kind":"job"/.test(text)) text += decoder.decode((await reader.read()).value);
    const event = text.split('\n\n').find((e) => e.includes('"kind":"job"')) ?? '';
    expect(event).toMatch(/^event: runState$/m);
    const data = JSON.parse(/^data: (.*)$/m.exec(event)?.[1] ?? '{}') as Record<string, string>;
    expect(data).toMatchObject({ kind: 'job', name: 'hello', region: 'us-east-1', account: '000000000000' });
    expect(data['runId']).toMatch(/^jr_/);
    controller.abort();
  });

  it('answers a clear page when the console is not built, and never serves files outside it', async () => {
    const previous = process.env['LAKEBOX_CONSOLE_DIR'];
    process.env['LAKEBOX_CONSOLE_DIR'] = '/nonexistent-console';
    try {
      const res = await fetch(`${t.endpoint}/_lakebox/console/`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('not built');
    } finally {
      if (previous === undefined) delete process.env['LAKEBOX_CONSOLE_DIR'];
      else process.env['LAKEBOX_CONSOLE_DIR'] = previous;
    }
    const dir = await buildConsole();
    expect(dir).toBeTruthy();
    const index = await fetch(`${t.endpoint}/_lakebox/console/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    const redirect = await fetch(`${t.endpoint}/_lakebox/console`, { redirect: 'manual' });
    expect(redirect.status).toBe(308);
    const missing = await fetch(`${t.endpoint}/_lakebox/console/assets/nope.js`);
    expect(missing.status).toBe(404);
    const traversal = await fetch(`${t.endpoint}/_lakebox/console/..%2f..%2fpackage.json`);
    expect(traversal.status).toBe(404);
  }, 60_000);

  it('reads reconciler state files only inside the working or data directory', async () => {
    const outside = await fetch(`${t.endpoint}/_lakebox/reconciler?path=${encodeURIComponent('/etc/passwd')}`);
    expect(outside.status).toBe(403);
    const missing = await fetch(
      `${t.endpoint}/_lakebox/reconciler?path=${encodeURIComponent(`${t.dataDir}/none.json`)}`,
    );
    expect(missing.status).toBe(404);
    const found = (await (await fetch(`${t.endpoint}/_lakebox/reconciler/states`)).json()) as { states: string[] };
    expect(found.states).toContain(`${t.dataDir}/.lakebox-state.json`);
  });
});
