import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateDatabaseCommand, GetDatabaseCommand, GetDatabasesCommand, GlueClient } from '@aws-sdk/client-glue';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_CREDENTIALS } from '../support/lakebox.js';
import { type ServeProcess, type SpawnOptions, spawnServe, withTimeout } from '../support/process.js';

const temps: string[] = [];
const running: ServeProcess[] = [];

afterAll(async () => {
  for (const p of running) await p[Symbol.asyncDispose]();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

async function serve(args: string[], options: SpawnOptions = {}): Promise<ServeProcess> {
  const p = await spawnServe(args, options);
  running.push(p);
  return p;
}

/** A temp folder of its own, for the child's TMPDIR: what the server leaves there is then easy to see. */
function privateTmp(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'lakebox-serve-tmp-')));
  temps.push(dir);
  return dir;
}

/** What lakebox left in a TMPDIR (tsx keeps its own compile cache there; that is not ours). */
function lakeboxLeftovers(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith('lakebox-'));
}

function glueAt(endpoint: string): GlueClient {
  return new GlueClient({ endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

/** An IPv4 address of this machine that is not loopback, if it has one. */
function externalAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

/** Whether a TCP connection to host:port is accepted (bounded by a short timeout). */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    socket.setTimeout(2_000, () => {
      socket.destroy();
      done(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

describe('lakebox serve', () => {
  it('prints a banner with the endpoint, binds 127.0.0.1 by default and stops with exit 0 on SIGINT', async () => {
    const p = await serve(['--port', '0', '--ephemeral']);
    const url = new URL(p.endpoint);
    expect(url.hostname).toBe('127.0.0.1');
    const port = Number(url.port);
    expect(port).toBeGreaterThan(0);
    expect(p.stdout()).toContain(`export AWS_ENDPOINT_URL=${p.endpoint}`);
    expect(p.dataDirLine).toContain('ephemeral');

    const health = await fetch(`${p.endpoint}/_lakebox/health`, { signal: AbortSignal.timeout(5_000) });
    expect(health.status).toBe(200);
    expect(await accepts('127.0.0.1', port)).toBe(true);
    const external = externalAddress();
    if (external) expect(await accepts(external, port)).toBe(false);

    // A client holding a keep-alive connection must not keep the server from stopping.
    const glue = glueAt(p.endpoint);
    await glue.send(new GetDatabasesCommand({}));
    const exit = await p.stop('SIGINT');
    glue.destroy();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(p.stdout()).toContain('SIGINT');
    expect(p.stderr()).toBe('');
    expect(await accepts('127.0.0.1', port)).toBe(false);
  });

  it('stops with exit 0 on SIGTERM and removes its ephemeral folder', async () => {
    const tmp = privateTmp();
    const p = await serve(['--port', '0', '--ephemeral'], { env: { TMPDIR: tmp } });
    const glue = glueAt(p.endpoint);
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' } }));
    const exit = await p.stop('SIGTERM');
    glue.destroy();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(p.stderr()).toBe('');
    expect(lakeboxLeftovers(tmp)).toEqual([]);
  });

  it('refuses a port in use: exit 1, a message naming the address, and nothing left behind', async () => {
    const holder = await serve(['--port', '0', '--ephemeral']);
    const port = new URL(holder.endpoint).port;
    const tmp = privateTmp();
    await expect(spawnServe(['--port', port, '--ephemeral'], { env: { TMPDIR: tmp } })).rejects.toThrow(
      new RegExp(`exited \\(1\\)[\\s\\S]*EADDRINUSE[\\s\\S]*127\\.0\\.0\\.1:${port}`),
    );
    // The ephemeral store made for the failed start is gone too.
    expect(lakeboxLeftovers(tmp)).toEqual([]);
    // The server that holds the port is unharmed.
    expect((await fetch(`${holder.endpoint}/_lakebox/health`, { signal: AbortSignal.timeout(5_000) })).status).toBe(
      200,
    );
    expect(await holder.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });

  it('keeps metadata.sqlite in --data-dir and serves the same state after a restart', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'lakebox-serve-')));
    temps.push(dir);
    const dataDir = join(dir, 'state');

    const first = await serve(['--port', '0', '--data-dir', dataDir]);
    expect(first.dataDirLine).toBe(dataDir);
    expect(existsSync(join(dataDir, 'metadata.sqlite'))).toBe(true);
    const glue1 = glueAt(first.endpoint);
    await glue1.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'kept', Description: 'survives' } }));
    glue1.destroy();
    expect(await first.stop('SIGTERM')).toEqual({ code: 0, signal: null });

    const second = await serve(['--port', '0', '--data-dir', dataDir]);
    const glue2 = glueAt(second.endpoint);
    try {
      const { Database } = await withTimeout(
        glue2.send(new GetDatabaseCommand({ Name: 'kept' })),
        5_000,
        'GetDatabase after restart',
      );
      expect(Database).toMatchObject({ Name: 'kept', Description: 'survives' });
    } finally {
      glue2.destroy();
    }
    expect(await second.stop('SIGINT')).toEqual({ code: 0, signal: null });
  });

  it('exits non-zero with a message for a bad option', async () => {
    await expect(spawnServe(['--port', 'seventy'], { timeoutMs: 10_000 })).rejects.toThrow(
      /exited \(1\)[\s\S]*--port must be 0-65535/,
    );
  });
});
