import { GlueClient } from '@aws-sdk/client-glue';
import { type RunningLakebox, type StartOptions, startLakebox } from '@lakebox/emulator';

/** Dummy credentials: lakebox accepts any. A 12-digit access key id selects that account. */
export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

export interface TestLakebox extends AsyncDisposable {
  lakebox: RunningLakebox;
  endpoint: string;
  glue: GlueClient;
  /** A Glue client for another account or region of the same emulator. */
  glueFor(options: { accountId?: string; region?: string }): GlueClient;
}

/**
 * A live lakebox on a random port with an ephemeral store, and SDK clients pointed at it.
 *
 * @example
 * await using t = await startTestLakebox();
 * await t.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' } }));
 */
export async function startTestLakebox(options: StartOptions = {}): Promise<TestLakebox> {
  const lakebox = await startLakebox({ port: 0, ...options });
  const clients: GlueClient[] = [];
  const glueFor = ({ accountId, region }: { accountId?: string; region?: string }) => {
    const client = new GlueClient({
      endpoint: lakebox.endpoint,
      region: region ?? 'us-east-1',
      credentials: accountId ? { accessKeyId: accountId, secretAccessKey: 'test' } : TEST_CREDENTIALS,
      maxAttempts: 1,
    });
    clients.push(client);
    return client;
  };
  const glue = glueFor({});
  return {
    lakebox,
    endpoint: lakebox.endpoint,
    glue,
    glueFor,
    async [Symbol.asyncDispose]() {
      for (const c of clients) c.destroy();
      await lakebox.stop();
    },
  };
}
