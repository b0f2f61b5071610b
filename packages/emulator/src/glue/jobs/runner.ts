import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Job, JobRun, JobRunState } from '@aws-sdk/client-glue';
import type { Lakebox } from '../../context.js';
import { getObjectRecord, parseS3Uri } from '../../s3/object-store.js';
import { errorMessageOf } from './error-message.js';
import { pythonPath } from './python-path.js';
import { jobsRoot, LogWriter, logFile, runDir } from './run-files.js';
import { ACTIVE_STATES, canMove, RETRIED_STATES, RUNNING_STATES } from './states.js';
import { countRunsIn, findJob, findRun, insertRun, type JobScope, oldestWaiting, runsIn, saveRun } from './store.js';

/**
 * Runs Glue job scripts as local processes (contract 3): `python3 <script> --JOB_NAME <name> --JOB_ID <j_...>
 * --JOB_RUN_ID <jr_...> [--key value]...`, one process group per run so a stop or a timeout kills the whole
 * tree. Every state change is saved and emitted as a `runState` event (contract 2).
 *
 * LIMITATIONS: `gluestreaming` and `glueray` commands fail with `not supported locally`; `--extra-py-files`,
 * `--additional-python-modules`, connections, security configurations and worker sizes are accepted but not
 * applied (every run is one local process); queued (WAITING) runs never expire. FAILED and ERROR runs are
 * retried (MaxRetries); TIMEOUT and STOPPED runs are not. Runs still active when lakebox stops end as ERROR;
 * a lakebox killed with SIGKILL cannot end its job processes (each runs in its own process group), and its
 * runs become ERROR when it starts again.
 */

/** Milliseconds in one "minute" of a job's Timeout; tests shorten it (`StartOptions.jobMinuteMs`). */
export const DEFAULT_JOB_MINUTE_MS = 60_000;
/** After SIGTERM, how long a run's processes get before SIGKILL. */
const KILL_GRACE_MS = 2_000;
/** Longest delay a Node timer takes (about 24.8 days); longer Timeouts are cut to it. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Lines of stderr kept in memory to build the ErrorMessage. */
const STDERR_TAIL_LINES = 200;

interface ActiveRun {
  scope: JobScope;
  runId: string;
  child?: ChildProcess;
  timer?: NodeJS.Timeout;
  killTimer?: NodeJS.Timeout;
  /** Why the process is being ended, if lakebox ends it. */
  ending?: 'stop' | 'timeout' | 'shutdown';
  /** The process ended and its end was handled. */
  settled?: boolean;
}

const runners = new WeakMap<Lakebox, JobRunner>();

/** The runner of a lakebox, made (and its hooks registered, its orphaned runs closed) on first use. */
export function jobRunner(lakebox: Lakebox): JobRunner {
  let runner = runners.get(lakebox);
  if (!runner) {
    runner = new JobRunner(lakebox);
    runners.set(lakebox, runner);
  }
  return runner;
}

export class JobRunner {
  private readonly active = new Map<string, ActiveRun>();
  private closed = false;

  constructor(private readonly lakebox: Lakebox) {
    this.recoverOrphans();
    lakebox.onStop.push(() => this.shutdown());
    lakebox.onReset.push(() => {
      this.killAll('shutdown');
      this.active.clear();
      rmSync(jobsRoot(lakebox), { recursive: true, force: true });
    });
  }

  /** Start a run that was just saved in STARTING; returns at once, the process starts on the next tick. */
  launch(scope: JobScope, runId: string): void {
    const entry: ActiveRun = { scope, runId };
    this.active.set(key(scope, runId), entry);
    setImmediate(() => {
      try {
        this.spawnRun(entry);
      } catch (e) {
        this.finish(entry, 'ERROR', `lakebox could not start the run: ${(e as Error).message}`);
      }
    });
  }

  /** Move an active run to STOPPING and end its process; false when the run is not active here. */
  stop(scope: JobScope, runId: string): boolean {
    const entry = this.active.get(key(scope, runId));
    if (!entry) {
      // A queued run has no process yet: it stops at once.
      if (findRun(this.lakebox.db, scope, runId)?.JobRunState !== 'WAITING') return false;
      this.transition(scope, runId, 'STOPPING');
      this.transition(scope, runId, 'STOPPED');
      return true;
    }
    this.transition(scope, runId, 'STOPPING');
    entry.ending ??= 'stop';
    if (entry.child) this.kill(entry);
    return true;
  }

  isActive(scope: JobScope, runId: string): boolean {
    return this.active.has(key(scope, runId));
  }

  // --- lifecycle -------------------------------------------------------------------------------------------------

  private spawnRun(entry: ActiveRun): void {
    if (this.closed) return;
    const { scope, runId } = entry;
    const run = findRun(this.lakebox.db, scope, runId);
    if (!run) {
      this.active.delete(key(scope, runId));
      return;
    }
    const job = findJob(this.lakebox.db, scope, run.JobName ?? '');
    const ready = this.readiness(entry, run, job);
    if (ready.end) {
      this.finish(entry, ready.end, ready.message);
      return;
    }
    const script = this.stageScript(scope, runId, job?.Command?.ScriptLocation ?? '');
    if ('error' in script) {
      this.fail(entry, script.error);
      return;
    }
    if (!job) return;

    const python = process.env['LAKEBOX_PYTHON'] ?? 'python3';
    const argv = [script.path, ...jobArgv(scope, job, run)];
    const out = new LogWriter(logFile(this.lakebox, scope, runId, 'output'));
    const err = new LogWriter(logFile(this.lakebox, scope, runId, 'error'), STDERR_TAIL_LINES);
    const child = spawn(python, argv, {
      cwd: script.cwd,
      env: jobEnv(this.lakebox, scope, job, run),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    entry.child = child;
    child.stdout?.on('data', (b: Buffer) => out.write(b));
    child.stderr?.on('data', (b: Buffer) => err.write(b));
    // A spawn failure (no python3) emits 'error' and, depending on the Node version, no 'close'.
    const ended = (handle: () => void) => {
      if (entry.settled) return;
      entry.settled = true;
      out.close();
      handle();
    };
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return;
      ended(() => {
        const message =
          e.code === 'ENOENT'
            ? `${python} not found: lakebox runs Glue job scripts with the machine's Python 3 (install python3 or set LAKEBOX_PYTHON).`
            : `Could not start ${python}: ${e.message}`;
        err.line(message);
        err.close();
        this.fail(entry, message);
      });
    });
    child.on('spawn', () => {
      if (entry.ending) return this.kill(entry);
      this.transition(scope, runId, 'RUNNING');
      const minutes = run.Timeout ?? job.Timeout ?? 2880;
      const minuteMs = this.lakebox.jobMinuteMs ?? DEFAULT_JOB_MINUTE_MS;
      entry.timer = setTimeout(
        () => {
          entry.ending ??= 'timeout';
          this.kill(entry);
        },
        Math.min(minutes * minuteMs, MAX_TIMER_MS),
      );
      entry.timer.unref();
    });
    child.on('close', (code, signal) =>
      ended(() => {
        err.close();
        if (entry.ending === 'stop' || entry.ending === 'shutdown') return this.finish(entry, 'STOPPED');
        if (entry.ending === 'timeout') {
          const minutes = run.Timeout ?? job.Timeout ?? 2880;
          return this.finish(entry, 'TIMEOUT', `Job run timed out after ${minutes} minute${minutes === 1 ? '' : 's'}.`);
        }
        if (code === 0) return this.finish(entry, 'SUCCEEDED');
        this.fail(entry, errorMessageOf(err.tail, code, signal));
      }),
    );
  }

  /** Whether a run can start: a stop that came first, a deleted job or a command lakebox cannot run end it. */
  private readiness(
    entry: ActiveRun,
    run: JobRun,
    job: Job | undefined,
  ): { end?: undefined; message?: undefined } | { end: JobRunState; message?: string } {
    if (entry.ending === 'stop' || run.JobRunState === 'STOPPING') return { end: 'STOPPED' };
    if (!job) return { end: 'FAILED', message: `Job ${run.JobName} was deleted before the run started.` };
    const command = job.Command?.Name ?? 'glueetl';
    if (command !== 'glueetl' && command !== 'pythonshell') {
      return {
        end: 'FAILED',
        message: `not supported locally: Command.Name ${command} (lakebox runs glueetl and pythonshell)`,
      };
    }
    return {};
  }

  /** Copy the script out of lakebox's S3 into the run's folder (the run keeps the script it started with). */
  private stageScript(
    scope: JobScope,
    runId: string,
    location: string,
  ): { path: string; cwd: string } | { error: string } {
    const uri = parseS3Uri(location);
    if (!uri || uri.key === '') {
      return { error: `Command.ScriptLocation ${location || '(empty)'} is not an s3:// URI of a script.` };
    }
    const object = getObjectRecord(this.lakebox, uri.bucket, uri.key);
    if (!object) {
      return {
        error: `Script ${location} not found: no such object in lakebox's S3 (upload the script, then start the run again).`,
      };
    }
    const cwd = join(runDir(this.lakebox, scope, runId), 'work');
    mkdirSync(cwd, { recursive: true });
    const path = join(cwd, basename(uri.key) || 'script.py');
    copyFileSync(object.path, path);
    return { path, cwd };
  }

  private fail(entry: ActiveRun, message: string): void {
    this.finish(entry, 'FAILED', message);
  }

  /** Close a run in a final state, then start its retry if the job asks for one. */
  private finish(entry: ActiveRun, state: JobRunState, errorMessage?: string): void {
    const { scope, runId } = entry;
    if (entry.timer) clearTimeout(entry.timer);
    if (entry.killTimer) clearTimeout(entry.killTimer);
    this.active.delete(key(scope, runId));
    if (this.closed) return;
    const run = this.transition(scope, runId, state, errorMessage);
    if (!run) return;
    if (RETRIED_STATES.includes(state)) this.retry(scope, run);
    this.startWaiting(scope, run.JobName ?? '');
  }

  /** Start the next attempt of a failed run if the job's MaxRetries allows one. */
  private retry(scope: JobScope, run: JobRun): void {
    const job = findJob(this.lakebox.db, scope, run.JobName ?? '');
    const attempt = (run.Attempt ?? 0) + 1;
    if (!job || attempt > (job.MaxRetries ?? 0)) return;
    const runId = run.Id ?? '';
    const retry: JobRun = {
      ...run,
      Id: `${rootRunId(runId)}_attempt_${attempt}`,
      Attempt: attempt,
      PreviousRunId: runId,
      JobRunState: 'STARTING',
      StartedOn: new Date(),
      LastModifiedOn: new Date(),
    };
    delete retry.CompletedOn;
    delete retry.ExecutionTime;
    delete retry.ErrorMessage;
    insertRun(this.lakebox.db, scope, retry);
    this.emit(scope, retry);
    this.launch(scope, retry.Id ?? '');
  }

  /** Job-run queuing: when a slot frees up, the oldest WAITING run of the job starts. */
  startWaiting(scope: JobScope, jobName: string): void {
    const job = findJob(this.lakebox.db, scope, jobName);
    if (!job || this.closed) return;
    const max = job.ExecutionProperty?.MaxConcurrentRuns ?? 1;
    let running = countRunsIn(this.lakebox.db, scope, jobName, RUNNING_STATES);
    for (const next of oldestWaiting(this.lakebox.db, scope, jobName, Math.max(0, max - running))) {
      if (running >= max) break;
      this.transition(scope, next.Id ?? '', 'STARTING');
      this.launch(scope, next.Id ?? '');
      running++;
    }
  }

  /** Save a state change (if the transition table allows it) and emit it; returns the run as saved. */
  private transition(scope: JobScope, runId: string, state: JobRunState, errorMessage?: string): JobRun | undefined {
    const db = this.lakebox.db;
    const run = findRun(db, scope, runId);
    if (!run || !canMove(run.JobRunState, state)) return undefined;
    const now = new Date();
    const next: JobRun = { ...run, JobRunState: state, LastModifiedOn: now };
    if (ACTIVE_STATES.includes(state)) {
      // A queued run's StartedOn is when it leaves the queue, so ExecutionTime leaves out the wait.
      if (state === 'STARTING') next.StartedOn = now;
    } else {
      next.CompletedOn = now;
      next.ExecutionTime = Math.max(0, Math.round((now.getTime() - (run.StartedOn ?? now).getTime()) / 1000));
      if (errorMessage !== undefined) next.ErrorMessage = errorMessage;
    }
    saveRun(db, scope, next);
    this.emit(scope, next);
    return next;
  }

  private emit(scope: JobScope, run: JobRun): void {
    try {
      this.lakebox.events.emit('runState', {
        kind: 'job',
        account: scope.account,
        region: scope.region,
        name: run.JobName ?? '',
        runId: run.Id ?? '',
        state: run.JobRunState ?? '',
        at: run.LastModifiedOn ?? new Date(),
      });
    } catch (e) {
      console.error('[lakebox] a runState listener threw:', e);
    }
  }

  // --- processes -------------------------------------------------------------------------------------------------

  /** SIGTERM the run's process group, SIGKILL it if it is still there after a grace period. */
  private kill(entry: ActiveRun): void {
    const pid = entry.child?.pid;
    if (pid === undefined) return;
    signalGroup(pid, 'SIGTERM');
    entry.killTimer ??= setTimeout(() => signalGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
    entry.killTimer.unref();
  }

  private killAll(reason: ActiveRun['ending']): void {
    for (const entry of this.active.values()) {
      entry.ending = reason;
      if (entry.timer) clearTimeout(entry.timer);
      if (entry.killTimer) clearTimeout(entry.killTimer);
      const pid = entry.child?.pid;
      if (pid !== undefined) signalGroup(pid, 'SIGKILL');
    }
  }

  /** On server stop: kill every job process and close its run as ERROR (the database closes right after). */
  private shutdown(): void {
    const entries = [...this.active.values()];
    this.killAll('shutdown');
    for (const entry of entries) {
      this.transitionToError(entry.scope, entry.runId, 'lakebox stopped while the run was in progress.');
    }
    this.active.clear();
    this.closed = true;
  }

  /** Runs a previous lakebox process left active (it stopped or crashed mid-run) end as ERROR. */
  private recoverOrphans(): void {
    for (const { scope, run } of runsIn(this.lakebox.db, ACTIVE_STATES)) {
      this.transitionToError(scope, run.Id ?? '', 'lakebox restarted while the run was in progress; the run was lost.');
    }
  }

  private transitionToError(scope: JobScope, runId: string, message: string): void {
    const run = findRun(this.lakebox.db, scope, runId);
    if (!run || !ACTIVE_STATES.includes(run.JobRunState ?? 'ERROR')) return;
    // STOPPING may only go to STOPPED or ERROR, RUNNING/STARTING to ERROR: ERROR is always allowed here.
    this.transition(scope, runId, 'ERROR', message);
  }
}

function key(scope: JobScope, runId: string): string {
  return `${scope.account}\u0000${scope.region}\u0000${runId}`;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** `jr_abc_attempt_2` → `jr_abc`: retries are named after the first attempt, as Glue names them. */
export function rootRunId(runId: string): string {
  return runId.replace(/_attempt_\d+$/, '');
}

/** Glue's JOB_ID argument: stable per job (`j_` + 64 hex digits). */
export function jobIdOf(scope: JobScope, name: string): string {
  return `j_${createHash('sha256').update(`${scope.account}/${scope.region}/${name}`).digest('hex')}`;
}

/** The script's arguments: DefaultArguments, overridden by the run's Arguments, then NonOverridableArguments. */
export function jobArgv(scope: JobScope, job: Job, run: JobRun): string[] {
  const merged: Record<string, string> = {
    ...job.DefaultArguments,
    ...run.Arguments,
    ...job.NonOverridableArguments,
  };
  const argv = ['--JOB_NAME', job.Name ?? '', '--JOB_ID', jobIdOf(scope, job.Name ?? ''), '--JOB_RUN_ID', run.Id ?? ''];
  for (const [k, v] of Object.entries(merged)) {
    if (k === '--JOB_NAME' || k === '--JOB_ID' || k === '--JOB_RUN_ID') continue;
    argv.push(k, v);
  }
  return argv;
}

function jobEnv(lakebox: Lakebox, scope: JobScope, job: Job, run: JobRun): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // The parent's AWS settings (profiles, real credentials) must not leak into a job that talks to lakebox.
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  const runtime = pythonPath();
  return {
    ...env,
    AWS_ENDPOINT_URL: lakebox.endpoint,
    LAKEBOX_ENDPOINT: lakebox.endpoint,
    AWS_ACCESS_KEY_ID: scope.account,
    AWS_SECRET_ACCESS_KEY: 'lakebox',
    AWS_REGION: scope.region,
    AWS_DEFAULT_REGION: scope.region,
    AWS_EC2_METADATA_DISABLED: 'true',
    LAKEBOX_ACCOUNT: scope.account,
    LAKEBOX_REGION: scope.region,
    LAKEBOX_JOB_NAME: job.Name ?? '',
    LAKEBOX_JOB_RUN_ID: run.Id ?? '',
    PYTHONUNBUFFERED: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONPATH: [runtime, process.env['PYTHONPATH']].filter((p) => p).join(':'),
  };
}
