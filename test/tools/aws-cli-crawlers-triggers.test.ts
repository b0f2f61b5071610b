import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runs } from '../support/tools.js';
import { type CliSession, ROLE, startCliSession } from './cli-session.js';

const hasAws = runs('aws', ['--version']);

let cli: CliSession;

describe.skipIf(!hasAws)(
  hasAws
    ? 'Glue crawlers and triggers through the AWS CLI'
    : 'Glue crawlers and triggers through the AWS CLI (skipped: `aws` is not installed)',
  // Every `aws` command starts a Python interpreter (about half a second): the polling loops add up.
  { timeout: 60_000 },
  () => {
    beforeAll(async () => {
      cli = await startCliSession();
    });
    afterAll(async () => {
      await cli?.[Symbol.asyncDispose]();
    });

    it('start-crawler and get-crawler over a CSV folder, then get-table', async () => {
      expect((await cli.aws('s3', 'mb', 's3://lake')).code).toBe(0);
      await cli.upload('s3://lake/geo/cities/cities.csv', 'city,population\nLyon,522000\nNantes,320000\n');
      await cli.awsJson('glue', 'create-database', '--database-input', JSON.stringify({ Name: 'geo' }));
      await cli.awsJson(
        'glue',
        'create-crawler',
        '--name',
        'geo',
        '--role',
        ROLE,
        '--database-name',
        'geo',
        '--targets',
        JSON.stringify({ S3Targets: [{ Path: 's3://lake/geo/cities/' }] }),
      );
      await cli.awsJson('glue', 'start-crawler', '--name', 'geo');
      let state = '';
      for (let i = 0; i < 600 && state !== 'READY'; i++) {
        state = await cli.awsText('Crawler.State', 'glue', 'get-crawler', '--name', 'geo');
        if (state !== 'READY') await new Promise((r) => setTimeout(r, 100));
      }
      expect(state).toBe('READY');
      expect(await cli.awsText('Crawler.LastCrawl.Status', 'glue', 'get-crawler', '--name', 'geo')).toBe('SUCCEEDED');
      const { Table } = await cli.awsJson('glue', 'get-table', '--database-name', 'geo', '--name', 'cities');
      expect(Table).toMatchObject({
        Name: 'cities',
        StorageDescriptor: {
          Columns: [
            { Name: 'city', Type: 'string' },
            { Name: 'population', Type: 'bigint' },
          ],
          Location: 's3://lake/geo/cities/',
        },
        Parameters: expect.objectContaining({ classification: 'csv' }),
      });

      // And the crawled table answers an Athena query started and read with `aws athena`.
      expect((await cli.aws('s3', 'mb', 's3://results')).code).toBe(0);
      const queryId = await cli.awsText(
        'QueryExecutionId',
        'athena',
        'start-query-execution',
        '--query-string',
        'SELECT city, population FROM cities ORDER BY population DESC',
        '--query-execution-context',
        'Database=geo',
        '--result-configuration',
        'OutputLocation=s3://results/cli/',
      );
      let queryState = '';
      for (let i = 0; i < 600 && !['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(queryState); i++) {
        queryState = await cli.awsText(
          'QueryExecution.Status.State',
          'athena',
          'get-query-execution',
          '--query-execution-id',
          queryId,
        );
      }
      expect(queryState).toBe('SUCCEEDED');
      const rows = await cli.awsText(
        'ResultSet.Rows[].Data[].VarCharValue',
        'athena',
        'get-query-results',
        '--query-execution-id',
        queryId,
      );
      expect(rows.split('\t')).toEqual(['city', 'population', 'Lyon', '522000', 'Nantes', '320000']);

      const missing = await cli.aws('glue', 'start-crawler', '--name', 'nope');
      expect(missing.code).toBe(255);
      expect(missing.stderr).toContain('(EntityNotFoundException) when calling the StartCrawler operation');
    });

    it('create-trigger --type ON_DEMAND and start-trigger start the job with the action arguments', async () => {
      const script = await cli.uploadScript('echo.py', 'import sys\nprint(" ".join(sys.argv[1:]))\n');
      await cli.awsJson(
        'glue',
        'create-job',
        '--name',
        'echo',
        '--role',
        ROLE,
        '--command',
        `Name=pythonshell,ScriptLocation=${script}`,
      );
      const created = await cli.awsJson(
        'glue',
        'create-trigger',
        '--name',
        'nightly-by-hand',
        '--type',
        'ON_DEMAND',
        '--actions',
        JSON.stringify([{ JobName: 'echo', Arguments: { '--source': 'trigger' } }]),
      );
      expect(created).toEqual({ Name: 'nightly-by-hand' });
      expect(await cli.awsText('Trigger.[Type,State]', 'glue', 'get-trigger', '--name', 'nightly-by-hand')).toBe(
        'ON_DEMAND\tCREATED',
      );
      expect(await cli.awsJson('glue', 'start-trigger', '--name', 'nightly-by-hand')).toEqual({
        Name: 'nightly-by-hand',
      });

      let runId = '';
      for (let i = 0; i < 600 && !runId; i++) {
        runId = await cli.awsText('JobRuns[0].Id', 'glue', 'get-job-runs', '--job-name', 'echo');
        if (runId === 'None') runId = '';
        if (!runId) await new Promise((r) => setTimeout(r, 100));
      }
      expect(await cli.waitForRun('echo', runId)).toBe('SUCCEEDED');
      const out = await cli.awsJson(
        'logs',
        'get-log-events',
        '--log-group-name',
        '/aws-glue/jobs/output',
        '--log-stream-name',
        runId,
        '--start-from-head',
      );
      expect((out['events'] as { message: string }[]).map((e) => e.message)).toEqual([
        expect.stringContaining('--source trigger'),
      ]);

      const missing = await cli.aws('glue', 'start-trigger', '--name', 'nope');
      expect(missing.code).toBe(255);
      expect(missing.stderr).toContain('(EntityNotFoundException) when calling the StartTrigger operation');
    });
  },
);
