import {
  BatchDeleteTableVersionCommand,
  CreateDatabaseCommand,
  CreateTableCommand,
  DeleteTableVersionCommand,
  EntityNotFoundException,
  GetTableVersionCommand,
  GetTableVersionsCommand,
  paginateGetTableVersions,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { startTestLakebox, type TestLakebox } from '../support/lakebox.js';

async function tableWithVersions(t: TestLakebox, updates: number, skipArchive = false): Promise<void> {
  await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' } }));
  await t.glue.send(new CreateTableCommand({ DatabaseName: 'db', TableInput: { Name: 't', Description: 'v0' } }));
  for (let i = 1; i <= updates; i++) {
    await t.glue.send(
      new UpdateTableCommand({
        DatabaseName: 'db',
        SkipArchive: skipArchive,
        TableInput: { Name: 't', Description: `v${i}` },
      }),
    );
  }
}

describe('Glue table versions', () => {
  it('UpdateTable archives the previous version, newest listed first', async () => {
    await using t = await startTestLakebox();
    await tableWithVersions(t, 2);
    const { TableVersions } = await t.glue.send(new GetTableVersionsCommand({ DatabaseName: 'db', TableName: 't' }));
    expect(TableVersions?.map((v) => [v.VersionId, v.Table?.Description, v.Table?.VersionId])).toEqual([
      ['2', 'v2', '2'],
      ['1', 'v1', '1'],
      ['0', 'v0', '0'],
    ]);
    const one = await t.glue.send(new GetTableVersionCommand({ DatabaseName: 'db', TableName: 't', VersionId: '1' }));
    expect(one.TableVersion?.Table?.Description).toBe('v1');
    const current = await t.glue.send(new GetTableVersionCommand({ DatabaseName: 'db', TableName: 't' }));
    expect(current.TableVersion?.VersionId).toBe('2');
  });

  it('SkipArchive replaces the current version without keeping the old one', async () => {
    await using t = await startTestLakebox();
    await tableWithVersions(t, 2, true);
    const { TableVersions } = await t.glue.send(new GetTableVersionsCommand({ DatabaseName: 'db', TableName: 't' }));
    expect(TableVersions?.map((v) => v.VersionId)).toEqual(['2']);
  });

  it('deletes archived versions, one or in a batch with per-entry errors', async () => {
    await using t = await startTestLakebox();
    await tableWithVersions(t, 3);
    await t.glue.send(new DeleteTableVersionCommand({ DatabaseName: 'db', TableName: 't', VersionId: '0' }));
    await expect(
      t.glue.send(new DeleteTableVersionCommand({ DatabaseName: 'db', TableName: 't', VersionId: '0' })),
    ).rejects.toBeInstanceOf(EntityNotFoundException);
    const res = await t.glue.send(
      new BatchDeleteTableVersionCommand({ DatabaseName: 'db', TableName: 't', VersionIds: ['1', '9'] }),
    );
    expect(res.Errors?.map((e) => [e.VersionId, e.ErrorDetail?.ErrorCode])).toEqual([['9', 'EntityNotFoundException']]);
    const { TableVersions } = await t.glue.send(new GetTableVersionsCommand({ DatabaseName: 'db', TableName: 't' }));
    expect(TableVersions?.map((v) => v.VersionId)).toEqual(['3', '2']);
  });

  it('pages GetTableVersions', async () => {
    await using t = await startTestLakebox();
    await tableWithVersions(t, 6);
    const ids: string[] = [];
    for await (const page of paginateGetTableVersions(
      { client: t.glue, pageSize: 3 },
      { DatabaseName: 'db', TableName: 't' },
    )) {
      expect(page.TableVersions?.length ?? 0).toBeLessThanOrEqual(3);
      for (const v of page.TableVersions ?? []) ids.push(v.VersionId ?? '');
    }
    expect(ids).toEqual(['6', '5', '4', '3', '2', '1', '0']);
  });
});
