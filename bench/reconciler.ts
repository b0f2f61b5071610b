/**
 * Reconciler benchmark: `pnpm bench:reconciler` (or `tsx bench/reconciler.ts`) from the repository root.
 *
 * Builds the emulator, starts `lakebox serve` as a child process, and times the built CLI (`node
 * packages/emulator/dist/cli.js plan|apply`, what a user runs, node start-up included) for a spec of 10, 100
 * and 1000 tables: apply (creating every table) and a no-op plan afterwards (reading every table back and
 * finding nothing to do; target < 2 s for 1000). Medians of several runs. When `terraform` and its aws
 * provider (a filesystem mirror, found as the tests find it) are on the machine, the same 1000 tables are
 * applied with Terraform against the same server and `terraform plan` is timed too, with the ratio.
 *
 * Options: --json, --runs <n> (default 5 plans, 3 applies), --quick (10 and 100 tables only), --no-terraform.
 */
import { execFile } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connect, LocalStateBackend, loadSpec, makePlan } from '@lakebox/reconciler';
import {
  findProviderMirror,
  hasTerraform,
  mirroredAwsVersion,
  type TerraformWorkspace,
  terraformWorkspace,
} from '../test/terraform/terraform.js';
import { buildEmulator } from './lib/build.js';
import { freePort, makeTempDir, removeTempDir, repoPaths, runBench, spawnServer } from './lib/child-server.js';
import { type Figure, machineMeta, type Report, renderJson, renderText, type Skipped, section } from './lib/report.js';
import { median } from './lib/stats.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WATCHDOG_MS = 20 * 60_000;
const SIZES = [10, 100, 1000];
/**
 * A private copy of the built CLI, beside `dist/` so it resolves the same node_modules: other work on the
 * machine may rebuild (and so briefly delete) `dist/` while this runs.
 */
const CLI_DIR = join(ROOT, 'packages/emulator', `.bench-cli-${process.pid}`);
const CLI = join(CLI_DIR, 'cli.js');
process.on('exit', () => rmSync(CLI_DIR, { recursive: true, force: true }));

/** A spec of `n` Parquet tables (5 columns, a partition key, a parameter) in one database. */
function specOf(n: number): string {
  const lines = ['databases: [{ name: bench }]', 'tables:'];
  for (let i = 0; i < n; i++)
    lines.push(
      `  - database: bench
    name: t${String(i).padStart(4, '0')}
    format: parquet
    location: s3://bench/t${i}/
    columns: [{ name: id, type: bigint }, { name: name, type: string }, { name: amount, type: "decimal(12,2)" }, { name: at, type: timestamp }, { name: tags, type: "array<string>" }]
    partitionKeys: [{ name: dt, type: string }]
    parameters: { owner: bench }`,
    );
  return `${lines.join('\n')}\n`;
}

interface CliRun {
  ms: number;
  code: number;
  output: string;
}

/** Run the built CLI (no shell), timed from spawn to exit. */
function cli(endpoint: string, cwd: string, args: string[]): Promise<CliRun> {
  const started = performance.now();
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: awsEnv(endpoint), maxBuffer: 64 * 2 ** 20, timeout: 600_000 },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? 1) : 0;
        done({
          ms: performance.now() - started,
          code: typeof code === 'number' ? code : 1,
          output: `${stdout}${stderr}`,
        });
      },
    );
  });
}

function awsEnv(endpoint: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  return {
    ...env,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

function expectCode(run: CliRun, codes: number[], what: string): void {
  if (!codes.includes(run.code)) throw new Error(`${what} exited ${run.code}:\n${run.output.slice(-2000)}`);
}

/** Apply `runs` times from nothing (destroying in between, untimed), then time `plans` no-op plans. */
async function measureSize(endpoint: string, n: number, applies: number, plans: number): Promise<Figure[]> {
  const dir = makeTempDir();
  try {
    writeFileSync(join(dir, 'lakebox.yaml'), specOf(n));
    const applyMs: number[] = [];
    for (let i = 0; i < applies; i++) {
      if (i > 0) expectCode(await cli(endpoint, dir, ['destroy', '--auto-approve']), [0], 'destroy');
      const run = await cli(endpoint, dir, ['apply', '--auto-approve', '--parallelism', '16']);
      expectCode(run, [0], `apply of ${n} tables`);
      applyMs.push(run.ms);
    }
    const planMs: number[] = [];
    for (let i = 0; i < plans; i++) {
      const run = await cli(endpoint, dir, ['plan', '--detailed-exitcode']);
      expectCode(run, [0], `no-op plan of ${n} tables (exit 2 means it found changes: a perpetual diff)`);
      planMs.push(run.ms);
    }
    // The same plan in process (the reconciler as a library): load the spec, read live, compute.
    const inProcessMs: number[] = [];
    for (let i = 0; i < plans; i++) {
      const started = performance.now();
      const ctx = await connect({ endpoint, region: 'us-east-1' });
      try {
        const spec = await loadSpec(join(dir, 'lakebox.yaml'));
        const state = await new LocalStateBackend(join(dir, '.lakebox-state.json')).read();
        const plan = await makePlan(ctx, spec, state);
        if (plan.changes.some((c) => c.action !== 'noop'))
          throw new Error(`in-process plan of ${n} tables found changes`);
      } finally {
        ctx.close();
      }
      inProcessMs.push(performance.now() - started);
    }
    expectCode(await cli(endpoint, dir, ['destroy', '--auto-approve']), [0], 'destroy');
    const f = section(`lakebox, ${n} tables (+1 database)`);
    return [
      f.ms(`apply${n}.medianMs`, `apply, creating everything, CLI process (median of ${applies})`, median(applyMs)),
      f.ms(
        `plan${n}.medianMs`,
        `no-op plan, CLI process (median of ${plans})`,
        median(planMs),
        n === 1000 ? { max: 2000 } : undefined,
      ),
      f.ms(
        `planInProcess${n}.medianMs`,
        `no-op plan in process: spec, read, compute (median of ${plans})`,
        median(inProcessMs),
      ),
    ];
  } finally {
    removeTempDir(dir);
  }
}

function terraformConfig(endpoint: string, version: string, n: number): string {
  const tables: string[] = [];
  for (let i = 0; i < n; i++)
    tables.push(`resource "aws_glue_catalog_table" "t${i}" {
  database_name = aws_glue_catalog_database.bench.name
  name          = "t${String(i).padStart(4, '0')}"
  table_type    = "EXTERNAL_TABLE"
  parameters    = { owner = "bench", classification = "parquet" }
  partition_keys {
    name = "dt"
    type = "string"
  }
  storage_descriptor {
    location      = "s3://bench/t${i}/"
    input_format  = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
    output_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"
    ser_de_info {
      serialization_library = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
    }
    columns {
      name = "id"
      type = "bigint"
    }
    columns {
      name = "name"
      type = "string"
    }
    columns {
      name = "amount"
      type = "decimal(12,2)"
    }
    columns {
      name = "at"
      type = "timestamp"
    }
    columns {
      name = "tags"
      type = "array<string>"
    }
  }
}`);
  return `terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "${version}"
    }
  }
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  s3_use_path_style           = true
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  endpoints {
    glue = "${endpoint}"
    sts  = "${endpoint}"
    s3   = "${endpoint}"
  }
}

resource "aws_glue_catalog_database" "bench" {
  name = "tfbench"
}

${tables.join('\n\n')}
`;
}

/** `terraform <args>` in the workspace, timed from spawn to exit. */
async function terraform(ws: TerraformWorkspace, args: string[]): Promise<CliRun> {
  const started = performance.now();
  const run = await ws.run(args, 900_000);
  return { ms: performance.now() - started, code: run.code, output: `${run.stdout}${run.stderr}` };
}

/** `terraform apply` of the same 1000 tables against the same server, then timed no-op `terraform plan`s. */
async function measureTerraform(
  endpoint: string,
  mirror: string,
  n: number,
  plans: number,
  progress: (m: string) => void,
): Promise<Figure[]> {
  const version = mirroredAwsVersion(mirror);
  if (!version) throw new Error(`no hashicorp/aws provider in ${mirror}`);
  const dir = makeTempDir();
  try {
    const ws = terraformWorkspace(dir, mirror);
    ws.writeConfig(terraformConfig(endpoint, version, n));
    expectCode(await terraform(ws, ['init', '-input=false', '-no-color']), [0], 'terraform init');
    progress(`terraform apply of ${n} tables (hashicorp/aws ${version}, untimed setup)...`);
    const applied = await terraform(ws, ['apply', '-auto-approve', '-input=false', '-no-color', '-parallelism=16']);
    expectCode(applied, [0], 'terraform apply');
    const planMs: number[] = [];
    let changes = 0;
    for (let i = 0; i < plans; i++) {
      progress(`terraform plan ${i + 1}/${plans}...`);
      const run = await terraform(ws, ['plan', '-detailed-exitcode', '-input=false', '-no-color']);
      expectCode(run, [0, 2], 'terraform plan');
      if (run.code === 2) changes += 1;
      planMs.push(run.ms);
    }
    const f = section(`terraform (hashicorp/aws ${version}), the same ${n} tables`);
    return [
      f.ms(`terraform.plan${n}.medianMs`, `no-op plan (median of ${plans}, default parallelism 10)`, median(planMs)),
      f.count(`terraform.plan${n}.withChanges`, 'plans that still showed changes (perpetual diffs)', changes),
    ];
  } finally {
    removeTempDir(dir);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      runs: { type: 'string', default: '5' },
      'no-terraform': { type: 'boolean', default: false },
    },
    strict: true,
  });
  // The in-process plans use the SDK's default chain, as the CLI does: the same dummy credentials.
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  const plans = Number(values.runs);
  if (!Number.isInteger(plans) || plans < 1) throw new Error('--runs must be a positive integer');
  const applies = Math.min(3, plans);
  const sizes = values.quick ? SIZES.slice(0, 2) : SIZES;
  const progress = (message: string) => {
    if (!values.json) process.stderr.write(`  ${message}\n`);
  };
  const skipped: Skipped[] = [];
  const report: Report = {
    bench: 'reconciler',
    meta: {
      ...machineMeta(),
      server: 'node packages/emulator/dist/cli.js serve',
      client: 'node <built cli.js> plan|apply (one process per command, node start-up included)',
      ...(values.quick ? { mode: 'quick' } : {}),
    },
    figures: [],
    skipped,
  };
  progress('building the emulator (packages/emulator/scripts/build.mjs)...');
  report.figures.push(await buildEmulator(ROOT));
  cpSync(dirname(repoPaths(ROOT).built), CLI_DIR, { recursive: true });
  const dataDir = makeTempDir();
  const server = await spawnServer(ROOT, { port: await freePort(), dataDir, launcher: 'built' });
  try {
    for (const n of sizes) {
      progress(`${n} tables: ${applies} applies and ${plans} no-op plans against ${server.endpoint}...`);
      report.figures.push(...(await measureSize(server.endpoint, n, applies, plans)));
    }
    const mirror = values['no-terraform'] || values.quick ? undefined : findProviderMirror();
    const tfSection = 'terraform plan, the same 1000 tables';
    if (values['no-terraform'] || values.quick)
      skipped.push({ section: tfSection, reason: values.quick ? '--quick' : '--no-terraform' });
    else if (!hasTerraform) skipped.push({ section: tfSection, reason: 'terraform is not installed' });
    else if (!mirror) skipped.push({ section: tfSection, reason: 'no provider mirror (registry.terraform.io) found' });
    else {
      const tfPlans = Math.min(3, plans);
      const tf = await measureTerraform(server.endpoint, mirror, 1000, tfPlans, progress);
      report.figures.push(...tf);
      const ours = report.figures.find((f) => f.key === 'plan1000.medianMs')?.value;
      const theirs = tf.find((f) => f.key === 'terraform.plan1000.medianMs')?.value;
      if (ours && theirs)
        report.figures.push(
          section('terraform vs lakebox, 1000 tables').ratio(
            'terraform.planRatio',
            'terraform plan / lakebox plan (no-op, medians)',
            theirs / ours,
          ),
        );
    }
  } finally {
    await server.stop();
    removeTempDir(dataDir);
  }
  if (!values.json) process.stdout.write(`\n${renderText(report)}\n\n`);
  process.stdout.write(`${renderJson(report)}\n`);
}

runBench(main, WATCHDOG_MS);
