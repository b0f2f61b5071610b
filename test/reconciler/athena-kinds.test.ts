import {
  AthenaClient,
  GetNamedQueryCommand,
  GetWorkGroupCommand,
  ListNamedQueriesCommand,
  ListTagsForResourceCommand,
  UpdateWorkGroupCommand,
} from '@aws-sdk/client-athena';
import { describe, expect, it } from 'vitest';
import { startTestLakebox, TEST_CREDENTIALS } from '../support/lakebox.js';
import { workspace } from './helpers.js';

const spec = (o: { description?: string; output?: string; query?: string; database?: string; tag?: string }) => `
databases: [{ name: lake }, { name: other }]
workgroups:
  - name: analytics
    description: ${o.description ?? 'Analysts'}
    outputLocation: ${o.output ?? 's3://results/athena/'}
    tags: { team: ${o.tag ?? 'data'} }
namedQueries:
  - name: daily
    workgroup: analytics
    database: ${o.database ?? 'lake'}
    query: ${o.query ?? 'SELECT 1'}
  - { name: in-primary, database: lake, query: SELECT 3 }
`;

describe('reconciler: Athena workgroups and named queries on lakebox', () => {
  it('updates a workgroup and a named query in place, replaces a query only for its database', async () => {
    await using t = await startTestLakebox();
    await using ws = workspace(t.endpoint);
    const athena = new AthenaClient({
      endpoint: t.endpoint,
      region: 'us-east-1',
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });
    ws.writeSpec(spec({}));
    const first = await ws.run('apply', '--auto-approve');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const empty = await ws.run('plan', '--detailed-exitcode');
    expect(empty.code).toBe(0);
    // Athena's own primary workgroup is not something to list as unmanaged.
    expect(empty.stdout).not.toContain('workgroup.primary');
    const ids = (await athena.send(new ListNamedQueriesCommand({ WorkGroup: 'analytics' }))).NamedQueryIds!;
    expect(ids).toHaveLength(1);

    ws.writeSpec(spec({ description: 'Everyone', output: 's3://results/v2/', query: "'SELECT 2'", tag: 'bi' }));
    const plan = JSON.parse((await ws.run('plan', '--json')).stdout);
    const acting = plan.changes.filter((c: { action: string }) => c.action !== 'noop');
    expect(acting).toMatchObject([
      {
        address: 'workgroup.analytics',
        action: 'update',
        changed: [
          { path: 'description', before: 'Analysts', after: 'Everyone' },
          { path: 'outputLocation', before: 's3://results/athena/', after: 's3://results/v2/' },
          { path: 'tags.team', before: 'data', after: 'bi' },
        ],
      },
      { address: 'namedQuery.analytics.daily', action: 'update', changed: [{ path: 'query' }] },
    ]);
    expect(acting[1].lint).toBeUndefined();
    expect((await ws.run('apply', '--auto-approve')).code).toBe(0);
    const wg = (await athena.send(new GetWorkGroupCommand({ WorkGroup: 'analytics' }))).WorkGroup!;
    expect(wg.Description).toBe('Everyone');
    expect(wg.Configuration?.ResultConfiguration?.OutputLocation).toBe('s3://results/v2/');
    const arn = 'arn:aws:athena:us-east-1:000000000000:workgroup/analytics';
    expect((await athena.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([
      { Key: 'team', Value: 'bi' },
    ]);
    // Updated in place: same id, new text.
    expect((await athena.send(new ListNamedQueriesCommand({ WorkGroup: 'analytics' }))).NamedQueryIds).toEqual(ids);
    const q = (await athena.send(new GetNamedQueryCommand({ NamedQueryId: ids[0] }))).NamedQuery!;
    expect(q.QueryString).toBe('SELECT 2');
    expect((await ws.run('plan', '--detailed-exitcode')).code).toBe(0);

    // Drift made through the SDK on a managed workgroup.
    await athena.send(new UpdateWorkGroupCommand({ WorkGroup: 'analytics', Description: 'changed by hand' }));
    const drifted = JSON.parse((await ws.run('plan', '--json')).stdout);
    expect(drifted.drift).toEqual([
      {
        address: 'workgroup.analytics',
        kind: 'workgroup',
        type: 'changed',
        changed: [{ path: 'description', before: 'Everyone', after: 'changed by hand' }],
      },
    ]);

    // UpdateNamedQuery cannot change the database: that one replaces (delete, then create), marked DS104.
    ws.writeSpec(
      spec({ description: 'Everyone', output: 's3://results/v2/', query: "'SELECT 2'", tag: 'bi', database: 'other' }),
    );
    const replace = JSON.parse((await ws.run('plan', '--json')).stdout);
    expect(replace.changes.find((c: { address: string }) => c.address === 'namedQuery.analytics.daily')).toMatchObject({
      action: 'replace',
      requiresReplace: ['database'],
      lint: ['DS104'],
    });
    expect((await ws.run('apply', '--auto-approve', '--allow-destructive')).code).toBe(0);
    expect((await ws.run('plan', '--detailed-exitcode')).code).toBe(0);

    const destroyed = await ws.run('destroy', '--auto-approve');
    expect(destroyed.stderr).toBe('');
    expect(destroyed.code).toBe(0);
    await expect(athena.send(new GetWorkGroupCommand({ WorkGroup: 'analytics' }))).rejects.toMatchObject({
      name: 'InvalidRequestException',
    });
    athena.destroy();
  });
});
