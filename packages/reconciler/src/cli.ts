import { resolve } from 'node:path';
import { applyCommand, planCommand } from './cli/commands.js';
import {
  type CliIo,
  connectFor,
  findSpec,
  lockOptionsOf,
  parse,
  processIo,
  requireSpec,
  stateBackendOf,
} from './cli/support.js';
import { formatIssue, SpecError } from './spec/issues.js';
import { loadSpec } from './spec/load.js';
import { importResource } from './state/import.js';

export type { CliIo } from './cli/support.js';
export { RECONCILER_COMMANDS } from './cli/support.js';

export const RECONCILER_USAGE = `Glue catalog, jobs, crawlers, triggers and Athena as code (on lakebox and on real AWS alike):
  validate            Check the spec (files, keys, types, references) without calling AWS
  plan                Show what apply would change; drift and unmanaged resources apart
  apply [plan.json]   Apply a fresh plan after confirmation, or a saved plan
  show                List what the state manages
  import <address>    Adopt a live resource the spec declares (e.g. table.sales.orders, job.etl)
  destroy             Delete everything the state manages

Options for validate/plan/apply/show/destroy:
  --spec <path>         lakebox.config.ts, a YAML file, or a folder of YAML files
                        (default: lakebox.config.ts, lakebox.yaml, lakebox.yml or lakebox/ here)
  --state <file|s3://bucket/key>
                        State file or S3 object (default: the spec's state: section, else
                        .lakebox-state.json beside the spec)
  --endpoint <url>      Service endpoint (default AWS_ENDPOINT_URL, else real AWS)
  --region <name>       Region (default: the SDK's chain: AWS_REGION, profile)
  --target <address>    plan/apply: only this resource and what it depends on (repeatable)
  --json                Machine-readable output
  --out <file>          plan: save the plan for apply
  --detailed-exitcode   plan: exit 0 no changes, 1 error, 2 changes
  --auto-approve        apply/destroy: do not ask for confirmation
  --allow-destructive   apply: allow changes marked destructive (drop column, retype, delete ...)
  --parallelism <n>     apply: changes in flight at once (default 8)
  --lock-timeout <d>    apply/destroy/import: wait this long for another apply's lock (30s, 5m; default 0)
  --force-unlock <id>   apply/destroy/import: remove the state lock with this id (a killed apply's)
  --no-color            Never colour the text output
`;

/**
 * Run one reconciler command (`lakebox plan` ...) and return the exit code.
 *
 * @example
 * process.exitCode = await runReconcilerCli(['plan', '--spec', 'catalog.yaml']);
 */
export async function runReconcilerCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const { values, positionals } = parse(rest);
    if (values.help) {
      io.stdout(RECONCILER_USAGE);
      return 0;
    }
    const color = io.color && !values['no-color'];
    switch (command) {
      case 'validate': {
        const spec = await requireSpec(io.cwd, values);
        const declared = new Set(spec.resources.map((r) => r.address));
        const external = spec.resources.flatMap((r) =>
          r.references.filter((ref) => !declared.has(ref)).map((ref) => ({ address: r.address, ref })),
        );
        if (values.json)
          io.stdout(
            `${JSON.stringify({ valid: true, files: spec.files, resources: spec.resources.length, external })}\n`,
          );
        else {
          io.stdout(`The spec is valid: ${spec.resources.length} resources in ${spec.files.length} file(s).\n`);
          for (const e of external)
            io.stdout(`  note: ${e.address} needs ${e.ref}, which the spec does not declare: plan checks it exists\n`);
        }
        return 0;
      }
      case 'plan':
        return await planCommand(io, values, color);
      case 'apply':
        return await applyCommand(io, values, positionals[0], color, false);
      case 'destroy':
        return await applyCommand(io, values, undefined, color, true);
      case 'import': {
        const address = positionals[0];
        if (!address) throw new Error('usage: lakebox import <address>, e.g. lakebox import table.sales.orders');
        const spec = await requireSpec(io.cwd, values);
        const ctx = await connectFor(values);
        try {
          const backend = stateBackendOf(io.cwd, values, resolve(io.cwd, spec.source), spec.config.state, ctx);
          const { onWait: _, ...lock } = lockOptionsOf(values, 'import', io);
          await importResource(ctx, spec, backend, address, lock);
        } finally {
          ctx.close();
        }
        io.stdout(`Imported ${address}: it is now managed. Run plan to see what apply would change on it.\n`);
        return 0;
      }
      case 'show': {
        const specPath = findSpec(io.cwd, values.spec);
        const config = specPath ? (await loadSpec(specPath)).config.state : undefined;
        // Only an S3 state needs a connection (a local one is shown offline).
        const remote = values.state?.startsWith('s3://') || (!values.state && config?.backend === 's3');
        const ctx = remote ? await connectFor(values) : undefined;
        try {
          const backend = stateBackendOf(io.cwd, values, specPath, config, ctx ?? { s3: undefined as never });
          const state = await backend.read();
          if (values.json) io.stdout(`${JSON.stringify(state, null, 2)}\n`);
          else {
            const addresses = Object.keys(state.resources).sort();
            io.stdout(`${backend.location} (serial ${state.serial}): ${addresses.length} managed resource(s)\n`);
            for (const a of addresses) io.stdout(`  ${a}\n`);
          }
          return 0;
        } finally {
          ctx?.close();
        }
      }
      default:
        io.stderr(`lakebox: unknown command '${command ?? ''}'\n\n${RECONCILER_USAGE}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof SpecError) {
      io.stderr(`${e.issues.map(formatIssue).join('\n')}\n${e.issues.length} error(s) in the spec.\n`);
      return 1;
    }
    io.stderr(`lakebox: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
