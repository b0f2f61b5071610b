import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateDatabaseCommand,
  CreateTableCommand,
  GetTableCommand,
  GlueClient,
  paginateGetDatabases,
  paginateGetTables,
} from '@aws-sdk/client-glue';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_CREDENTIALS } from '../support/lakebox.js';
import { type ServeProcess, spawnServe, withTimeout } from '../support/process.js';

const WRITERS = 4;
/** Kill once this many writes are acknowledged (or after KILL_AFTER_MS, whichever comes first). */
const KILL_AT_ACKS = 300;
const KILL_AFTER_MS = 4_000;

const temps: string[] = [];
const running: ServeProcess[] = [];
const clients: GlueClient[] = [];

afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const p of running) await p[Symbol.asyncDispose]();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function glueAt(endpoint: string): GlueClient {
  const client = new GlueClient({
    endpoint,
    region: 'us-east-1',
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: { requestTimeout: 5_000 },
  });
  clients.push(client);
  return client;
}

interface Acked {
  databases: string[];
  /** `database/table` */
  tables: string[];
}

/**
 * One writer: creates tables (and every tenth step a database of its own), one at a time, recording each
 * write the server acknowledged. Stops at the first failure, which is the kill.
 */
async function writer(glue: GlueClient, id: number, acked: Acked, stop: () => boolean): Promise<void> {
  let db = 'stream';
  for (let i = 0; !stop(); i++) {
    try {
      if (i % 10 === 9) {
        const name = `w${id}_db${i}`;
        await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: name, Description: `writer ${id}` } }));
        acked.databases.push(name);
        db = name;
      } else {
        const name = `w${id}_t${i}`;
        await glue.send(
          new CreateTableCommand({
            DatabaseName: db,
            TableInput: {
              Name: name,
              Parameters: { writer: String(id), step: String(i) },
              StorageDescriptor: { Columns: [{ Name: 'id', Type: 'bigint' }], Location: `s3://lake/${db}/${name}/` },
            },
          }),
        );
        acked.tables.push(`${db}/${name}`);
      }
    } catch {
      return;
    }
  }
}

describe('kill -9', () => {
  it('loses no acknowledged write: after a restart on the same data dir every one is there', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lakebox-crash-'));
    temps.push(dataDir);
    const first = await spawnServe(['--port', '0', '--data-dir', dataDir]);
    running.push(first);
    const glue = glueAt(first.endpoint);
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'stream' } }));

    const acked: Acked = { databases: ['stream'], tables: [] };
    let killed = false;
    const writers = Array.from({ length: WRITERS }, (_, id) => writer(glue, id, acked, () => killed));
    const started = Date.now();
    while (acked.tables.length + acked.databases.length < KILL_AT_ACKS && Date.now() - started < KILL_AFTER_MS) {
      await new Promise((r) => setTimeout(r, 5));
    }
    // Writes are in flight right now: some will be acknowledged never, some committed but never acknowledged.
    first.child.kill('SIGKILL');
    const exit = await withTimeout(first.exited, 5_000, 'the killed server to exit');
    killed = true;
    await withTimeout(Promise.all(writers), 10_000, 'the writers to notice the kill');
    expect(exit.signal).toBe('SIGKILL');
    expect(acked.tables.length).toBeGreaterThan(20);

    const second = await spawnServe(['--port', '0', '--data-dir', dataDir]);
    running.push(second);
    const after = glueAt(second.endpoint);

    const databases = new Set<string>();
    for await (const page of paginateGetDatabases({ client: after }, {})) {
      for (const d of page.DatabaseList ?? []) databases.add(d.Name ?? '');
    }
    expect(acked.databases.filter((d) => !databases.has(d))).toEqual([]);

    const tables = new Set<string>();
    for (const db of databases) {
      for await (const page of paginateGetTables({ client: after }, { DatabaseName: db })) {
        for (const t of page.TableList ?? []) tables.add(`${db}/${t.Name}`);
      }
    }
    expect(acked.tables.filter((t) => !tables.has(t))).toEqual([]);

    // And what is there is whole: the last acknowledged table reads back as written.
    const last = acked.tables[acked.tables.length - 1] ?? '';
    const [db, name] = last.split('/');
    const { Table } = await after.send(new GetTableCommand({ DatabaseName: db, Name: name }));
    expect(Table?.StorageDescriptor).toMatchObject({ Location: `s3://lake/${db}/${name}/` });
    expect(Table?.Parameters?.['writer']).toMatch(/^\d$/);

    // The restarted server takes new writes on the recovered store.
    await after.send(new CreateTableCommand({ DatabaseName: 'stream', TableInput: { Name: 'after_restart' } }));
    expect(await second.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });
});
