#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_PORT } from '@lakebox/shared';
import { startLakebox } from './index.js';

const USAGE = `Usage: lakebox <command> [options]

Commands:
  serve     Start the emulator: every service on one port
  validate | plan | apply | show | import | destroy
            The catalog as code (lakebox plan --help)

Options for serve:
  --port <n>          Port to listen on (default ${DEFAULT_PORT}, env LAKEBOX_PORT)
  --host <addr>       Address to bind (default ${DEFAULT_HOST}, env LAKEBOX_HOST)
  --data-dir <dir>    Where state lives (default ./${DEFAULT_DATA_DIR}, env LAKEBOX_DATA_DIR)
  --ephemeral         Keep state in memory and a temporary folder, gone on exit
  --account-id <id>   Default 12-digit account id (default 000000000000)
`;

async function serveCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      ephemeral: { type: 'boolean', default: false },
      'account-id': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = Number(values.port ?? process.env['LAKEBOX_PORT'] ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535, got ${values.port}`);
  const accountId = values['account-id'];
  if (accountId !== undefined && !/^\d{12}$/.test(accountId)) throw new Error('--account-id must be 12 digits');
  const started = Date.now();
  const lakebox = await startLakebox({
    port,
    host: values.host ?? process.env['LAKEBOX_HOST'] ?? DEFAULT_HOST,
    dataDir: values.ephemeral ? undefined : (values['data-dir'] ?? process.env['LAKEBOX_DATA_DIR'] ?? DEFAULT_DATA_DIR),
    ...(accountId ? { defaultAccountId: accountId } : {}),
  });
  process.stdout.write(
    [
      '',
      `  lakebox is ready in ${Date.now() - started} ms`,
      '',
      `  endpoint   ${lakebox.endpoint}`,
      `  data dir   ${lakebox.dataDir ?? '(ephemeral: removed on exit)'}`,
      '',
      '  Point your tools at it:',
      `    export AWS_ENDPOINT_URL=${lakebox.endpoint}`,
      '    export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1',
      '',
      '  Ctrl-C stops it.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n  ${signal}: stopping lakebox...\n`);
    lakebox.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serveCommand(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return;
    default: {
      // Every other command belongs to the reconciler, loaded only when used so `serve` starts fast.
      // lakebox supports Node 20; the SDK's notice that it will stop supporting it is noise in every plan.
      process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
      const { runReconcilerCli } = await import('@lakebox/reconciler');
      process.exitCode = await runReconcilerCli(argv);
    }
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`lakebox: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
