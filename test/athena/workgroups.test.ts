import {
  CreateWorkGroupCommand,
  DeleteWorkGroupCommand,
  GetWorkGroupCommand,
  InvalidRequestException,
  ListTagsForResourceCommand,
  ListWorkGroupsCommand,
  StartQueryExecutionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateWorkGroupCommand,
} from '@aws-sdk/client-athena';
import { describe, expect, it } from 'vitest';
import { startAthenaTestLakebox } from '../support/athena.js';

describe('Athena workgroups', () => {
  it('primary exists everywhere, with no output location and engine version 3', async () => {
    await using t = await startAthenaTestLakebox();
    const { WorkGroup } = await t.athena.send(new GetWorkGroupCommand({ WorkGroup: 'primary' }));
    expect(WorkGroup).toMatchObject({
      Name: 'primary',
      State: 'ENABLED',
      Configuration: {
        EnforceWorkGroupConfiguration: false,
        EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' },
      },
    });
    expect(WorkGroup?.Configuration?.ResultConfiguration?.OutputLocation).toBeUndefined();
    const { WorkGroups } = await t.athena.send(new ListWorkGroupsCommand({}));
    expect(WorkGroups?.map((w) => w.Name)).toEqual(['primary']);
  });

  it('create, get, list, update, delete; primary cannot be deleted', async () => {
    await using t = await startAthenaTestLakebox();
    await t.athena.send(
      new CreateWorkGroupCommand({
        Name: 'analytics',
        Description: 'team',
        Configuration: {
          ResultConfiguration: { OutputLocation: 's3://results/wg/' },
          EnforceWorkGroupConfiguration: true,
          BytesScannedCutoffPerQuery: 10_000_000,
        },
        Tags: [{ Key: 'team', Value: 'data' }],
      }),
    );
    await expect(t.athena.send(new CreateWorkGroupCommand({ Name: 'analytics' }))).rejects.toBeInstanceOf(
      InvalidRequestException,
    );
    const { WorkGroup } = await t.athena.send(new GetWorkGroupCommand({ WorkGroup: 'analytics' }));
    expect(WorkGroup).toMatchObject({
      Name: 'analytics',
      Description: 'team',
      State: 'ENABLED',
      Configuration: {
        ResultConfiguration: { OutputLocation: 's3://results/wg/' },
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 10_000_000,
        EngineVersion: { EffectiveEngineVersion: 'Athena engine version 3' },
      },
    });
    expect(WorkGroup?.CreationTime).toBeInstanceOf(Date);

    await t.athena.send(
      new UpdateWorkGroupCommand({
        WorkGroup: 'analytics',
        State: 'DISABLED',
        ConfigurationUpdates: {
          RemoveBytesScannedCutoffPerQuery: true,
          ResultConfigurationUpdates: { OutputLocation: 's3://results/other/' },
        },
      }),
    );
    const updated = (await t.athena.send(new GetWorkGroupCommand({ WorkGroup: 'analytics' }))).WorkGroup;
    expect(updated?.State).toBe('DISABLED');
    expect(updated?.Configuration?.BytesScannedCutoffPerQuery).toBeUndefined();
    expect(updated?.Configuration?.ResultConfiguration?.OutputLocation).toBe('s3://results/other/');

    // A disabled workgroup refuses queries.
    await expect(
      t.athena.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1', WorkGroup: 'analytics' })),
    ).rejects.toMatchObject({ name: 'InvalidRequestException' });

    const listed = await t.athena.send(new ListWorkGroupsCommand({}));
    expect(listed.WorkGroups?.map((w) => [w.Name, w.State])).toEqual([
      ['analytics', 'DISABLED'],
      ['primary', 'ENABLED'],
    ]);

    await expect(t.athena.send(new DeleteWorkGroupCommand({ WorkGroup: 'primary' }))).rejects.toMatchObject({
      name: 'InvalidRequestException',
    });
    await t.athena.send(new DeleteWorkGroupCommand({ WorkGroup: 'analytics' }));
    await expect(t.athena.send(new GetWorkGroupCommand({ WorkGroup: 'analytics' }))).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: 'WorkGroup is not found.',
    });
  });

  it('tags workgroups and the data catalog', async () => {
    await using t = await startAthenaTestLakebox();
    await t.athena.send(new CreateWorkGroupCommand({ Name: 'wg1', Tags: [{ Key: 'a', Value: '1' }] }));
    const arn = 'arn:aws:athena:us-east-1:000000000000:workgroup/wg1';
    await t.athena.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'b', Value: '2' }] }));
    expect((await t.athena.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: '2' },
    ]);
    await t.athena.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['a'] }));
    expect((await t.athena.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([
      { Key: 'b', Value: '2' },
    ]);
    const catalog = 'arn:aws:athena:us-east-1:000000000000:datacatalog/AwsDataCatalog';
    await t.athena.send(new TagResourceCommand({ ResourceARN: catalog, Tags: [{ Key: 'c', Value: '3' }] }));
    expect((await t.athena.send(new ListTagsForResourceCommand({ ResourceARN: catalog }))).Tags).toEqual([
      { Key: 'c', Value: '3' },
    ]);
    await expect(
      t.athena.send(
        new ListTagsForResourceCommand({ ResourceARN: 'arn:aws:athena:us-east-1:000000000000:workgroup/nope' }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
