import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { GlueClient } from '@aws-sdk/client-glue';
import { startTestLakebox, TEST_CREDENTIALS } from '../support/lakebox.js';
import { runs } from '../support/tools.js';

/** An implementation of the AWS API the reconciler's contract runs against. */
export interface Target extends AsyncDisposable {
  endpoint: string;
  glue: GlueClient;
}

/** A named way to start a target; `skip` says why it cannot run on this machine. */
export interface TargetFactory {
  name: string;
  skip?: string;
  start(): Promise<Target>;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** moto's server (a second, independent implementation of the Glue API), on a free port. */
async function startMoto(): Promise<Target> {
  const port = await freePort();
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      await fetch(`${endpoint}/moto-api/`);
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill();
        throw new Error('moto_server did not start');
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const glue = new GlueClient({ endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  return {
    endpoint,
    glue,
    async [Symbol.asyncDispose]() {
      glue.destroy();
      const exited = new Promise((r) => child.once('exit', r));
      child.kill();
      await exited;
    },
  };
}

/** Every target the contract runs against: lakebox always, moto where its server is installed. */
export const TARGETS: TargetFactory[] = [
  { name: 'lakebox', start: startTestLakebox },
  {
    name: 'moto',
    ...(runs('moto_server', ['--help']) ? {} : { skip: 'moto_server is not installed' }),
    start: startMoto,
  },
];
