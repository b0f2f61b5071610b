import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { startTestLakebox } from '../support/lakebox.js';
import { stsClient } from '../support/s3.js';
import { rawRequest, sigv4Authorization } from '../support/wire.js';

describe('STS GetCallerIdentity', () => {
  it('answers the default account root for any credentials', async () => {
    await using t = await startTestLakebox();
    const sts = stsClient(t);
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({
      Account: '000000000000',
      Arn: 'arn:aws:iam::000000000000:root',
      UserId: '000000000000',
    });
    expect(me.$metadata.requestId).toBeDefined();
    sts.destroy();
  });

  it('answers the account of a 12-digit access key id, and the configured default account', async () => {
    await using t = await startTestLakebox({ defaultAccountId: '123456789012' });
    const other = stsClient(t, '111122223333');
    expect((await other.send(new GetCallerIdentityCommand({}))).Account).toBe('111122223333');
    const dflt = stsClient(t);
    expect((await dflt.send(new GetCallerIdentityCommand({}))).Arn).toBe('arn:aws:iam::123456789012:root');
    other.destroy();
    dflt.destroy();
  });

  it('answers an unknown action with a query-protocol 400 InvalidAction', async () => {
    await using t = await startTestLakebox();
    const res = await rawRequest(t.endpoint, {
      headers: {
        Authorization: sigv4Authorization({ service: 'sts' }),
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'Action=AssumeRoleNope&Version=2011-06-15',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('<ErrorResponse');
    expect(res.text).toContain('<Code>InvalidAction</Code>');
    expect(res.text).toContain('AssumeRoleNope');
  });
});
