import { describe, expect, it } from 'vitest';
import { diffAttrs } from '../diff/compare.js';
import { canonicalJson, flattenCrawler, flattenCrawlerSpec } from './crawler.js';
import { flattenJob, flattenJobSpec } from './job.js';
import { roleName } from './kind.js';
import { flattenNamedQuery, flattenNamedQuerySpec } from './named-query.js';
import { flattenTrigger, flattenTriggerSpec } from './trigger.js';
import { flattenWorkgroup, flattenWorkgroupSpec } from './workgroup.js';

/** Server defaults written out in a spec, or filled in by the service, are never a change. */
describe('normalisation: no perpetual diffs against server defaults', () => {
  it('jobs: Timeout 2880, MaxRetries 0, one concurrent run, STANDARD, Python 3, a role ARN or its name', () => {
    const spec = flattenJobSpec({
      name: 'j',
      role: 'arn:aws:iam::123456789012:role/service-role/glue',
      script: 's3://b/j.py',
      timeout: 2880,
      maxRetries: 0,
      maxConcurrentRuns: 1,
      executionClass: 'STANDARD',
      pythonVersion: '3',
    });
    const live = flattenJob({
      Name: 'j',
      Role: 'service-role/glue',
      Command: { Name: 'glueetl', ScriptLocation: 's3://b/j.py', PythonVersion: '3' },
      Timeout: 2880,
      MaxRetries: 0,
      ExecutionProperty: { MaxConcurrentRuns: 1 },
      ExecutionClass: 'STANDARD',
      MaxCapacity: 10,
      AllocatedCapacity: 10,
      CreatedOn: new Date(),
    });
    expect(diffAttrs(live, spec)).toEqual([]);
    // And a server that leaves the defaults out (moto) compares the same.
    expect(
      diffAttrs(flattenJob({ Role: 'service-role/glue', Command: { ScriptLocation: 's3://b/j.py' } }), spec),
    ).toEqual([]);
  });

  it('jobs: a streaming job has no default timeout, so a written one is kept', () => {
    const spec = flattenJobSpec({ name: 's', role: 'r', type: 'gluestreaming', script: 's3://b/s.py', timeout: 2880 });
    expect(spec['timeout']).toBe(2880);
    expect(
      flattenJob({ Role: 'r', Command: { Name: 'gluestreaming', ScriptLocation: 's3://b/s.py' } })['timeout'],
    ).toBe(undefined);
  });

  it('crawlers: schema change and recrawl defaults, targets in any order, configuration JSON key order', () => {
    const spec = flattenCrawlerSpec({
      name: 'c',
      role: 'r',
      database: 'Lake',
      targets: { s3: [{ path: 's3://b/y/' }, { path: 's3://b/x/', exclusions: ['b', 'a'] }] },
      schemaChangePolicy: { updateBehavior: 'UPDATE_IN_DATABASE', deleteBehavior: 'DEPRECATE_IN_DATABASE' },
      recrawlPolicy: { recrawlBehavior: 'CRAWL_EVERYTHING' },
      configuration: '{"Version": 1.0, "Grouping": {"TableGroupingPolicy": "CombineCompatibleSchemas"}}',
    });
    const live = flattenCrawler({
      Name: 'c',
      Role: 'r',
      DatabaseName: 'lake',
      Targets: {
        S3Targets: [
          { Path: 's3://b/x/', Exclusions: ['a', 'b'] },
          { Path: 's3://b/y/', Exclusions: [] },
        ],
      },
      SchemaChangePolicy: { UpdateBehavior: 'UPDATE_IN_DATABASE', DeleteBehavior: 'DEPRECATE_IN_DATABASE' },
      RecrawlPolicy: { RecrawlBehavior: 'CRAWL_EVERYTHING' },
      LineageConfiguration: { CrawlerLineageSettings: 'DISABLE' },
      Configuration: '{"Grouping":{"TableGroupingPolicy":"CombineCompatibleSchemas"},"Version":1}',
      State: 'READY',
      Version: 3,
    });
    expect(diffAttrs(live, spec)).toEqual([]);
    expect(canonicalJson('{"b":1,"a":{"d":2,"c":3}}')).toBe('{"a":{"c":3,"d":2},"b":1}');
  });

  it('triggers: logical AND, conditions in any order, not enabled', () => {
    const spec = flattenTriggerSpec({
      name: 't',
      type: 'CONDITIONAL',
      enabled: false,
      actions: [{ crawler: 'c' }],
      predicate: {
        logical: 'AND',
        conditions: [
          { job: 'b', state: 'SUCCEEDED' },
          { job: 'a', state: 'SUCCEEDED' },
        ],
      },
    });
    const live = flattenTrigger({
      Name: 't',
      Type: 'CONDITIONAL',
      State: 'CREATED',
      Actions: [{ CrawlerName: 'c' }],
      Predicate: {
        Logical: 'AND',
        Conditions: [
          { LogicalOperator: 'EQUALS', JobName: 'a', State: 'SUCCEEDED' },
          { LogicalOperator: 'EQUALS', JobName: 'b', State: 'SUCCEEDED' },
        ],
      },
    });
    expect(diffAttrs(live, spec)).toEqual([]);
  });

  it('workgroups: ENABLED, enforced configuration, engine AUTO; named queries: trailing newline of a YAML block', () => {
    const spec = flattenWorkgroupSpec({
      name: 'w',
      state: 'ENABLED',
      enforceConfiguration: true,
      engineVersion: 'AUTO',
    });
    const live = flattenWorkgroup({
      Name: 'w',
      State: 'ENABLED',
      Configuration: {
        EnforceWorkGroupConfiguration: true,
        RequesterPaysEnabled: false,
        EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' },
      },
      CreationTime: new Date(),
    });
    expect(diffAttrs(live, spec)).toEqual([]);
    expect(
      diffAttrs(
        flattenNamedQuery({ Name: 'q', Database: 'Lake', QueryString: 'SELECT 1', NamedQueryId: 'x', WorkGroup: 'w' }),
        flattenNamedQuerySpec({ name: 'q', workgroup: 'w', database: 'lake', query: 'SELECT 1\n' }),
      ),
    ).toEqual([]);
  });

  it('roles compare by name with their path', () => {
    expect(roleName('arn:aws:iam::123456789012:role/service-role/glue')).toBe('service-role/glue');
    expect(roleName('glue')).toBe('glue');
  });
});
