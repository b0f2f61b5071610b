import type { CreateTriggerCommandInput } from '@aws-sdk/client-glue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Lakebox, OpContext } from '../../context.js';
import { LakeboxEvents, type RunStateEvent } from '../../events.js';
import { type Db, openDb, resetDb } from '../../store/sqlite.js';
import { triggerEngine } from './engine.js';
import { triggerOperations as ops } from './operations.js';

/** What the mocked jobs and crawlers modules were asked to start. */
const started: string[] = [];

vi.mock('../jobs/operations.js', () => ({
  jobOperations: {
    StartJobRun: (
      _ctx: OpContext,
      input: { JobName: string; Arguments?: Record<string, string>; Timeout?: number },
    ) => {
      started.push(
        `job:${input.JobName}${input.Arguments ? JSON.stringify(input.Arguments) : ''}${input.Timeout ? `/${input.Timeout}` : ''}`,
      );
      return { JobRunId: `jr_${started.length}` };
    },
  },
}));
vi.mock('../crawlers/operations.js', () => ({
  crawlerOperations: {
    StartCrawler: (_ctx: OpContext, input: { Name: string }) => {
      if (input.Name === 'busy') {
        const e = new Error('Crawler with name busy has already started');
        e.name = 'CrawlerRunningException';
        throw e;
      }
      started.push(`crawler:${input.Name}`);
      return {};
    },
  },
}));

let db: Db;
let lakebox: Lakebox;

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const ctx = (now = new Date()): OpContext => ({ lakebox, db, account: ACCOUNT, region: REGION, requestId: 'r', now });

function emit(kind: 'job' | 'crawler', name: string, state: string, runId = `${name}-run`, account = ACCOUNT): void {
  const e: RunStateEvent = { kind, account, region: REGION, name, runId, state, at: new Date() };
  lakebox.events.emit('runState', e);
}

/** Let the background firing (a promise chain) finish. */
const settle = () => new Promise((r) => setTimeout(r, 10));

async function create(input: CreateTriggerCommandInput) {
  return ops.CreateTrigger(ctx(), input);
}

beforeEach(() => {
  started.length = 0;
  db = openDb(':memory:');
  lakebox = {
    db,
    dataDir: undefined,
    rootDir: '/nonexistent',
    defaultAccountId: ACCOUNT,
    endpoint: 'http://127.0.0.1:1',
    events: new LakeboxEvents(),
    onStop: [],
    onReset: [],
  };
  triggerEngine(lakebox);
});

afterEach(async () => {
  for (const hook of lakebox.onStop) await hook();
  db.close();
});

describe('conditional triggers', () => {
  it('fire when the watched job succeeds, with the action arguments and timeout', async () => {
    await create({
      Name: 'after-a',
      Type: 'CONDITIONAL',
      StartOnCreation: true,
      Predicate: { Conditions: [{ LogicalOperator: 'EQUALS', JobName: 'a', State: 'SUCCEEDED' }] },
      Actions: [{ JobName: 'b', Arguments: { '--day': '1' }, Timeout: 5 }, { CrawlerName: 'c' }],
    });
    emit('job', 'a', 'RUNNING');
    await settle();
    expect(started).toEqual([]);
    emit('job', 'a', 'SUCCEEDED');
    await settle();
    expect(started).toEqual(['job:b{"--day":"1"}/5', 'crawler:c']);
  });

  it('do not fire for another state, another job, another account, or when not activated', async () => {
    await create({
      Name: 'on-failure',
      Type: 'CONDITIONAL',
      StartOnCreation: true,
      Predicate: { Conditions: [{ LogicalOperator: 'EQUALS', JobName: 'a', State: 'FAILED' }] },
      Actions: [{ JobName: 'alert' }],
    });
    await create({
      Name: 'inactive',
      Type: 'CONDITIONAL',
      Predicate: { Conditions: [{ LogicalOperator: 'EQUALS', JobName: 'a', State: 'SUCCEEDED' }] },
      Actions: [{ JobName: 'never' }],
    });
    emit('job', 'a', 'SUCCEEDED');
    emit('job', 'other', 'FAILED');
    emit('job', 'a', 'FAILED', 'x', '999999999999');
    await settle();
    expect(started).toEqual([]);
    emit('job', 'a', 'FAILED');
    await settle();
    expect(started).toEqual(['job:alert']);
  });

  it('AND waits for every condition since the last firing, then starts over', async () => {
    await create({
      Name: 'both',
      Type: 'CONDITIONAL',
      StartOnCreation: true,
      Predicate: {
        Logical: 'AND',
        Conditions: [
          { LogicalOperator: 'EQUALS', JobName: 'a', State: 'SUCCEEDED' },
          { LogicalOperator: 'EQUALS', CrawlerName: 'c', CrawlState: 'SUCCEEDED' },
        ],
      },
      Actions: [{ JobName: 'join' }],
    });
    emit('job', 'a', 'SUCCEEDED');
    await settle();
    expect(started).toEqual([]);
    emit('crawler', 'c', 'SUCCEEDED');
    await settle();
    expect(started).toEqual(['job:join']);
    // Starts over: the crawler alone again is not enough.
    emit('crawler', 'c', 'SUCCEEDED', 'c-2');
    await settle();
    expect(started).toEqual(['job:join']);
    // A later failure of the crawler undoes its earlier success.
    emit('crawler', 'c', 'RUNNING', 'c-3');
    emit('crawler', 'c', 'FAILED', 'c-3');
    emit('job', 'a', 'SUCCEEDED', 'a-2');
    await settle();
    expect(started).toEqual(['job:join']);
    emit('crawler', 'c', 'SUCCEEDED', 'c-4');
    await settle();
    expect(started).toEqual(['job:join', 'job:join']);
  });

  it('ANY fires on each condition met', async () => {
    await create({
      Name: 'either',
      Type: 'CONDITIONAL',
      StartOnCreation: true,
      Predicate: {
        Logical: 'ANY',
        Conditions: [
          { LogicalOperator: 'EQUALS', JobName: 'a', State: 'FAILED' },
          { LogicalOperator: 'EQUALS', JobName: 'b', State: 'TIMEOUT' },
        ],
      },
      Actions: [{ CrawlerName: 'c' }],
    });
    emit('job', 'b', 'TIMEOUT');
    emit('job', 'a', 'FAILED');
    await settle();
    expect(started).toEqual(['crawler:c', 'crawler:c']);
  });

  it('StopTrigger stops the watching; StartTrigger resumes it', async () => {
    await create({
      Name: 't',
      Type: 'CONDITIONAL',
      StartOnCreation: true,
      Predicate: { Conditions: [{ LogicalOperator: 'EQUALS', JobName: 'a', State: 'SUCCEEDED' }] },
      Actions: [{ JobName: 'b' }],
    });
    await ops.StopTrigger(ctx(), { Name: 't' });
    emit('job', 'a', 'SUCCEEDED');
    await settle();
    expect(started).toEqual([]);
    await ops.StartTrigger(ctx(), { Name: 't' });
    emit('job', 'a', 'SUCCEEDED', 'a-2');
    await settle();
    expect(started).toEqual(['job:b']);
  });

  it('an action that cannot start does not stop the others', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await create({
      Name: 't',
      Type: 'CONDITIONAL',
      StartOnCreation: true,
      Predicate: { Conditions: [{ LogicalOperator: 'EQUALS', JobName: 'a', State: 'SUCCEEDED' }] },
      Actions: [{ CrawlerName: 'busy' }, { JobName: 'b' }],
    });
    emit('job', 'a', 'SUCCEEDED');
    await settle();
    expect(started).toEqual(['job:b']);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('could not start crawler busy: CrawlerRunningException'));
    warn.mockRestore();
  });
});

describe('on-demand triggers', () => {
  it('StartTrigger starts the actions and the trigger stays CREATED', async () => {
    await create({ Name: 'now', Type: 'ON_DEMAND', Actions: [{ JobName: 'a' }, { CrawlerName: 'c' }] });
    await ops.StartTrigger(ctx(), { Name: 'now' });
    expect(started).toEqual(['job:a', 'crawler:c']);
    expect((await ops.GetTrigger(ctx(), { Name: 'now' })).Trigger?.State).toBe('CREATED');
  });

  it('StartTrigger reports an action that could not start', async () => {
    await create({ Name: 'now', Type: 'ON_DEMAND', Actions: [{ CrawlerName: 'busy' }] });
    await expect(ops.StartTrigger(ctx(), { Name: 'now' })).rejects.toMatchObject({ name: 'CrawlerRunningException' });
  });
});

describe('the scheduler', () => {
  const T0 = new Date('2026-03-10T12:00:30Z');

  it('fires an activated schedule when its time comes, once per fire time', async () => {
    await ops.CreateTrigger(ctx(T0), {
      Name: 'quarterly',
      Type: 'SCHEDULED',
      Schedule: 'cron(0/15 * * * ? *)',
      StartOnCreation: true,
      Actions: [{ JobName: 'q' }],
    });
    const engine = triggerEngine(lakebox);
    expect(engine.tick(new Date('2026-03-10T12:14:59Z'))).toEqual([]);
    expect(engine.tick(new Date('2026-03-10T12:15:00Z'))).toEqual(['quarterly']);
    expect(engine.tick(new Date('2026-03-10T12:15:20Z'))).toEqual([]);
    expect(engine.tick(new Date('2026-03-10T12:31:00Z'))).toEqual(['quarterly']);
    await settle();
    expect(started).toEqual(['job:q', 'job:q']);
  });

  it('does not fire CREATED or DEACTIVATED schedules, and forgets deleted ones', async () => {
    await ops.CreateTrigger(ctx(T0), {
      Name: 'off',
      Type: 'SCHEDULED',
      Schedule: 'cron(* * * * ? *)',
      Actions: [{ JobName: 'x' }],
    });
    await ops.CreateTrigger(ctx(T0), {
      Name: 'stopped',
      Type: 'SCHEDULED',
      Schedule: 'cron(* * * * ? *)',
      StartOnCreation: true,
      Actions: [{ JobName: 'y' }],
    });
    await ops.StopTrigger(ctx(T0), { Name: 'stopped' });
    await ops.CreateTrigger(ctx(T0), {
      Name: 'gone',
      Type: 'SCHEDULED',
      Schedule: 'cron(* * * * ? *)',
      StartOnCreation: true,
      Actions: [{ JobName: 'z' }],
    });
    await ops.DeleteTrigger(ctx(T0), { Name: 'gone' });
    expect(triggerEngine(lakebox).tick(new Date('2026-03-10T12:05:00Z'))).toEqual([]);
  });

  it('a schedule activated after a fire time does not fire for it', async () => {
    await ops.CreateTrigger(ctx(T0), {
      Name: 'late',
      Type: 'SCHEDULED',
      Schedule: 'cron(15 12 * * ? *)',
      Actions: [{ JobName: 'l' }],
    });
    const engine = triggerEngine(lakebox);
    engine.tick(new Date('2026-03-10T12:20:00Z'));
    await ops.StartTrigger(ctx(new Date('2026-03-10T12:20:00Z')), { Name: 'late' });
    expect(engine.tick(new Date('2026-03-10T12:21:00Z'))).toEqual([]);
    expect(engine.tick(new Date('2026-03-11T12:15:00Z'))).toEqual(['late']);
  });

  it('an updated schedule takes effect', async () => {
    await ops.CreateTrigger(ctx(T0), {
      Name: 'u',
      Type: 'SCHEDULED',
      Schedule: 'cron(0 0 * * ? *)',
      StartOnCreation: true,
      Actions: [{ JobName: 'u' }],
    });
    await ops.UpdateTrigger(ctx(T0), { Name: 'u', TriggerUpdate: { Schedule: 'cron(5 12 * * ? *)' } });
    expect(triggerEngine(lakebox).tick(new Date('2026-03-10T12:05:00Z'))).toEqual(['u']);
  });

  it('a reset leaves nothing to fire and the scheduler keeps working', async () => {
    await ops.CreateTrigger(ctx(T0), {
      Name: 'r',
      Type: 'SCHEDULED',
      Schedule: 'cron(* * * * ? *)',
      StartOnCreation: true,
      Actions: [{ JobName: 'r' }],
    });
    resetDb(db);
    for (const hook of lakebox.onReset) hook();
    const engine = triggerEngine(lakebox);
    expect(engine.tick(new Date('2026-03-10T12:05:00Z'))).toEqual([]);
    await ops.CreateTrigger(ctx(new Date('2026-03-10T12:05:00Z')), {
      Name: 'r',
      Type: 'SCHEDULED',
      Schedule: 'cron(* * * * ? *)',
      StartOnCreation: true,
      Actions: [{ JobName: 'r' }],
    });
    expect(engine.tick(new Date('2026-03-10T12:06:00Z'))).toEqual(['r']);
  });
});
