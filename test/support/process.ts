import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root, where `node_modules/.bin/tsx` and the CLI sources live. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The `lakebox` CLI, run from source as `pnpm lakebox` does. */
export const CLI_SOURCE = fileURLToPath(new URL('../../packages/emulator/src/cli.ts', import.meta.url));

/** How long a `lakebox serve` child may take to print its banner (tsx compiles on first start). */
export const START_TIMEOUT_MS = 20_000;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A `lakebox serve` child process, its banner parsed. */
export interface ServeProcess extends AsyncDisposable {
  child: ChildProcess;
  /** From the banner's `endpoint` line, e.g. `http://127.0.0.1:53817`. */
  endpoint: string;
  /** From the banner's `data dir` line, as printed. */
  dataDirLine: string;
  /** Everything the process wrote to stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited (never rejects). */
  exited: Promise<Exit>;
  /** Send a signal and wait (bounded) for the exit. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<Exit>;
}

export interface SpawnOptions {
  /** How long to wait for the banner. */
  timeoutMs?: number;
  /** Added to the environment (which never carries the caller's `LAKEBOX_*` settings). */
  env?: NodeJS.ProcessEnv;
  /** Run this built CLI bundle (e.g. `packages/emulator/dist/cli.js`) with plain node instead of the sources. */
  builtCli?: string;
}

/**
 * Start `lakebox serve <args>` as its own process and wait for the banner.
 *
 * The server runs in a single Node process (`node --import tsx cli.ts`), not under the `tsx` wrapper,
 * so a signal (including SIGKILL) reaches the server itself and never leaves an orphan holding the port.
 *
 * @example
 * await using serve = await spawnServe(['--port', '0', '--ephemeral']);
 * await fetch(`${serve.endpoint}/_lakebox/health`);
 */
export async function spawnServe(args: readonly string[], options: SpawnOptions = {}): Promise<ServeProcess> {
  const { timeoutMs = START_TIMEOUT_MS } = options;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('LAKEBOX_')) delete env[key];
  Object.assign(env, options.env);
  const entry = options.builtCli ? [options.builtCli] : ['--import', 'tsx', CLI_SOURCE];
  const child = spawn(process.execPath, [...entry, 'serve', ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => {
    out += s;
  });
  child.stderr?.setEncoding('utf8').on('data', (s: string) => {
    err += s;
  });
  const exited = new Promise<Exit>((done) => {
    child.once('exit', (code, signal) => done({ code, signal }));
    child.once('error', () => done({ code: null, signal: null }));
  });

  const stop = async (signal: NodeJS.Signals = 'SIGTERM', stopTimeoutMs = 10_000): Promise<Exit> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const result = await withTimeout(exited, stopTimeoutMs, `lakebox serve to exit after ${signal}`).catch(
      async (e: unknown) => {
        child.kill('SIGKILL');
        await exited;
        throw e;
      },
    );
    return result;
  };

  try {
    const banner = await withTimeout(
      new Promise<{ endpoint: string; dataDirLine: string }>((ok, fail) => {
        const check = () => {
          const endpoint = /endpoint\s+(http:\/\/\S+)/.exec(out)?.[1];
          const dataDirLine = /data dir\s+(.+)/.exec(out)?.[1];
          if (endpoint && dataDirLine) ok({ endpoint, dataDirLine: dataDirLine.trim() });
        };
        child.stdout?.on('data', check);
        void exited.then((e) =>
          fail(new Error(`lakebox serve exited (${e.code ?? e.signal}) before its banner:\n${out}\n${err}`)),
        );
        check();
      }),
      timeoutMs,
      'the lakebox serve banner',
    );
    return {
      child,
      ...banner,
      stdout: () => out,
      stderr: () => err,
      exited,
      stop,
      [Symbol.asyncDispose]: async () => {
        await stop('SIGKILL').catch(() => undefined);
      },
    };
  } catch (e) {
    child.kill('SIGKILL');
    await exited;
    throw e instanceof Error ? new Error(`${e.message}\nstdout:\n${out}\nstderr:\n${err}`) : e;
  }
}

/** Reject after `ms` with a message naming what was awaited; the timer never keeps the process alive. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
