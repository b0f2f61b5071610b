import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** Where the emulator's entry points, its build script and the tsx launcher are, relative to the repository root. */
export function repoPaths(root: string) {
  return {
    /** The bundled CLI that `pnpm lakebox` runs, written by `buildScript`. */
    built: join(root, 'packages/emulator/dist/cli.js'),
    buildScript: join(root, 'packages/emulator/scripts/build.mjs'),
    /** The CLI's source, for the launchers that run TypeScript directly. */
    source: join(root, 'packages/emulator/src/cli.ts'),
    tsx: join(root, 'node_modules/.bin/tsx'),
  };
}

/** A free TCP port on 127.0.0.1, found by binding port 0 and closing again. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => ok(port));
    });
  });
}

/** A `lakebox serve` child process and what its start-up took. */
export interface ChildServer {
  endpoint: string;
  /** Pid of the spawned process (the server itself, or the tsx launcher); its process group holds the whole tree. */
  pid: number;
  /** Milliseconds from `spawn` until `/_lakebox/health` first answered 200. */
  readyMs: number;
  /** What the server itself printed ("lakebox is ready in N ms"): its own start, without the launcher. */
  selfReportedMs: number | undefined;
  /** SIGTERM the process group, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
const tempDirs = new Set<string>();

/** A fresh temporary data directory; `cleanUp` removes any that `removeTempDir` has not. */
export function makeTempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lakebox-bench-'));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Kill every child still running and remove the temporary directories, synchronously: for `exit`. */
export function cleanUp(): void {
  for (const child of running) killGroup(child, 'SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * How the server is launched. `built` (the default): `node packages/emulator/dist/cli.js`, one
 * process, what `pnpm lakebox` runs after its build step. `tsx`: `node_modules/.bin/tsx src/cli.ts`,
 * from source as in development (a shell shim, then the tsx launcher, which spawns a second node
 * process that serves).
 */
export type Launcher = 'built' | 'tsx';

/** The command line that starts `lakebox serve` with `launcher`. */
function serveCommand(root: string, launcher: Launcher, serveArgs: string[]): [string, string[]] {
  const { built, source, tsx } = repoPaths(root);
  switch (launcher) {
    case 'built':
      return [process.execPath, [built, 'serve', ...serveArgs]];
    case 'tsx':
      return [tsx, [source, 'serve', ...serveArgs]];
  }
}

/**
 * Spawn `lakebox serve --port <port> --data-dir <dataDir>` (built, unless `launcher` says otherwise)
 * in its own process group and poll `/_lakebox/health` until it answers. Fails (and kills the child)
 * if the child exits first or `timeoutMs` passes.
 */
export async function spawnServer(
  root: string,
  options: { port: number; dataDir: string; launcher?: Launcher; timeoutMs?: number },
): Promise<ChildServer> {
  const endpoint = `http://127.0.0.1:${options.port}`;
  const [command, args] = serveCommand(root, options.launcher ?? 'built', [
    '--port',
    String(options.port),
    '--data-dir',
    options.dataDir,
  ]);
  const started = performance.now();
  const child = spawn(command, args, { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  void exited.then(() => running.delete(child));

  const stop = async (graceMs = 3000) => {
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  const deadline = started + (options.timeoutMs ?? 15_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`lakebox serve exited before it was ready:\n${output.trim()}`);
    }
    if (performance.now() > deadline) {
      await stop(0);
      throw new Error(`lakebox serve was not ready after ${options.timeoutMs ?? 15_000} ms:\n${output.trim()}`);
    }
    if (await healthy(endpoint)) break;
    await sleep(2);
  }
  const readyMs = performance.now() - started;
  const selfReported = /ready in (\d+) ms/.exec(output)?.[1];
  return {
    endpoint,
    pid: child.pid ?? -1,
    readyMs,
    selfReportedMs: selfReported === undefined ? undefined : Number(selfReported),
    stop,
  };
}

/** True when `GET /_lakebox/health` answers 200; a refused connection is just "not yet". */
export async function healthy(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/_lakebox/health`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/** Milliseconds from spawn to exit of `command args`: the launcher's own cost, as a baseline. */
export function timeToExit(command: string, args: readonly string[], cwd: string): Promise<number> {
  return new Promise((ok, fail) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, stdio: 'ignore' });
    child.once('error', fail);
    child.once('exit', (code) => {
      const ms = performance.now() - started;
      if (code === 0) ok(ms);
      else fail(new Error(`${command} ${args.join(' ')} exited with ${code}`));
    });
  });
}

/**
 * Run a bench's `main` as the process: the child servers and temp dirs are cleaned up however it ends
 * (normal exit, error, Ctrl-C, SIGTERM), and a watchdog ends a run that hangs.
 */
export function runBench(main: () => Promise<void>, watchdogMs: number): void {
  process.on('exit', cleanUp);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      process.exit(130); // the exit handler kills the servers and removes the temp dirs
    });
  }
  setTimeout(() => {
    process.stderr.write(`bench: gave up after ${watchdogMs / 1000} s\n`);
    process.exit(1);
  }, watchdogMs).unref();
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
