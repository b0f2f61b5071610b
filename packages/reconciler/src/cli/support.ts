import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { connect } from '../live/glue-context.js';
import type { AwsContext } from '../resources/kind.js';
import { type LoadedSpec, loadSpec } from '../spec/load.js';
import type { StateConfig } from '../spec/types.js';
import { type LockOptions, parseDuration, type StateBackend } from '../state/backend.js';
import { LocalStateBackend } from '../state/local.js';
import { parseS3StateUri, S3StateBackend } from '../state/s3.js';

/** Where the CLI reads and writes; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  /** Colour text output (the real CLI: stdout is a TTY). */
  color: boolean;
  /** Ask for a yes; undefined when nobody can answer (not a TTY). */
  confirm?(question: string): Promise<boolean>;
}

export const processIo = (): CliIo => ({
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  color: process.stdout.isTTY === true && !process.env['NO_COLOR'],
  ...(process.stdin.isTTY
    ? {
        async confirm(question: string) {
          const rl = createInterface({ input: process.stdin, output: process.stdout });
          try {
            return (await rl.question(question)).trim() === 'yes';
          } finally {
            rl.close();
          }
        },
      }
    : {}),
});

/** The commands this module answers. */
export const RECONCILER_COMMANDS = ['validate', 'plan', 'apply', 'show', 'destroy', 'import'] as const;

const OPTIONS = {
  spec: { type: 'string' },
  target: { type: 'string', multiple: true },
  state: { type: 'string' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  json: { type: 'boolean', default: false },
  out: { type: 'string' },
  'detailed-exitcode': { type: 'boolean', default: false },
  'auto-approve': { type: 'boolean', default: false },
  'allow-destructive': { type: 'boolean', default: false },
  parallelism: { type: 'string' },
  'no-color': { type: 'boolean', default: false },
  'force-unlock': { type: 'string' },
  'lock-timeout': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export type Values = ReturnType<typeof parse>['values'];
/** Parse a command's options (unknown options are errors). */
export const parse = (args: string[]) => parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });

/** The spec path: `--spec`, else the first default name found in `cwd`. */
export function findSpec(cwd: string, given: string | undefined): string | undefined {
  if (given) return resolve(cwd, given);
  for (const name of ['lakebox.config.ts', 'lakebox.yaml', 'lakebox.yml', 'lakebox']) {
    const p = join(cwd, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** The state file: `--state`, else `.lakebox-state.json` beside the spec. */
export function statePathOf(cwd: string, values: Values, specPath: string | undefined): string {
  if (values.state) return resolve(cwd, values.state);
  return join(specPath ? dirname(specPath) : cwd, '.lakebox-state.json');
}

/** Load the spec or explain where one is expected. */
export async function requireSpec(cwd: string, values: Values): Promise<LoadedSpec> {
  const path = findSpec(cwd, values.spec);
  if (!path) throw new Error('no spec found: pass --spec, or add lakebox.config.ts, lakebox.yaml or a lakebox/ folder');
  return loadSpec(path);
}

/** `--target` addresses as plan options. */
export const targetsOf = (values: Values) => (values.target?.length ? { targets: values.target } : {});

/** SDK clients for `--endpoint`/`--region` (else the environment and default chain). */
export async function connectFor(values: Values) {
  return connect({
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
    ...(values.region ? { region: values.region } : {}),
  });
}

/**
 * The state backend: `--state` (a file, or `s3://bucket/key`), else the spec's `state:` section, else
 * `.lakebox-state.json` beside the spec.
 */
export function stateBackendOf(
  cwd: string,
  values: Values,
  specPath: string | undefined,
  config: StateConfig | undefined,
  ctx: Pick<AwsContext, 's3'>,
): StateBackend {
  const given = values.state;
  if (given?.startsWith('s3://')) {
    const parts = parseS3StateUri(given);
    if (!parts) throw new Error(`--state ${given}: expected s3://bucket/key`);
    return new S3StateBackend(ctx.s3, parts.bucket, parts.key);
  }
  if (!given && config?.backend === 's3') {
    if (!config.bucket || !config.key) throw new Error("the spec's state: { backend: s3 } needs a bucket and a key");
    return new S3StateBackend(ctx.s3, config.bucket, config.key);
  }
  if (!given && config?.backend === 'local' && config.path)
    return new LocalStateBackend(resolve(specPath ? dirname(specPath) : cwd, config.path));
  return new LocalStateBackend(statePathOf(cwd, values, specPath));
}

/** The lock options of `--lock-timeout` and `--force-unlock`. */
export function lockOptionsOf(values: Values, operation: string, io: CliIo): LockOptions {
  return {
    operation,
    timeoutMs: values['lock-timeout'] ? parseDuration(values['lock-timeout']) : 0,
    ...(values['force-unlock'] !== undefined ? { forceUnlock: values['force-unlock'] } : {}),
    onWait: (holder) =>
      io.stderr(
        `Waiting for the state lock${holder ? ` held by ${holder.who} (${holder.operation}, lock id ${holder.id})` : ''}...\n`,
      ),
  };
}
