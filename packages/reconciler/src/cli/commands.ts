import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ApplyResult, applyPlan } from '../apply/apply.js';
import { staleChanges } from '../apply/stale.js';
import type { Plan } from '../diff/model.js';
import { makePlan } from '../plan.js';
import { parsePlanJson, renderPlanJson } from '../render/json.js';
import { renderPlanText } from '../render/text.js';
import { loadSpec } from '../spec/load.js';
import {
  type CliIo,
  connectFor,
  findSpec,
  lockOptionsOf,
  requireSpec,
  stateBackendOf,
  targetsOf,
  type Values,
} from './support.js';

/** `lakebox plan` */
export async function planCommand(io: CliIo, values: Values, color: boolean): Promise<number> {
  const spec = await requireSpec(io.cwd, values);
  const ctx = await connectFor(values);
  try {
    const backend = stateBackendOf(io.cwd, values, resolve(io.cwd, spec.source), spec.config.state, ctx);
    const plan = await makePlan(ctx, spec, await backend.read(), targetsOf(values));
    if (values.out) writeFileSync(resolve(io.cwd, values.out), renderPlanJson(plan));
    io.stdout(values.json ? renderPlanJson(plan) : renderPlanText(plan, { color }));
    if (values.out && !values.json)
      io.stdout(`Saved the plan to ${values.out}: apply it with lakebox apply ${values.out}\n`);
    if (!plan.applyable) return 1;
    const changes = plan.changes.some((c) => c.action !== 'noop');
    return values['detailed-exitcode'] && changes ? 2 : 0;
  } finally {
    ctx.close();
  }
}

/** `lakebox apply` and `lakebox destroy` */
export async function applyCommand(
  io: CliIo,
  values: Values,
  planFile: string | undefined,
  color: boolean,
  destroy: boolean,
): Promise<number> {
  const specPath = findSpec(io.cwd, values.spec);
  // A saved plan carries what to do; the spec (when there is one) still says where the state lives.
  const spec = specPath
    ? planFile
      ? await loadSpec(specPath).catch(() => undefined)
      : await requireSpec(io.cwd, values)
    : destroy || planFile
      ? undefined
      : await requireSpec(io.cwd, values);
  const ctx = await connectFor(values);
  // Terraform's order: take the lock first, then plan under it, so a second apply waits for the first and
  // then plans against what the first one did.
  let release: (() => Promise<void>) | undefined;
  try {
    const backend = stateBackendOf(io.cwd, values, specPath, spec?.config.state, ctx);
    release = await backend.lock(lockOptionsOf(values, destroy ? 'destroy' : 'apply', io));
    let plan: Plan;
    if (planFile) {
      plan = parsePlanJson(readFileSync(resolve(io.cwd, planFile), 'utf8'), planFile);
      const stale = await staleChanges(ctx, plan);
      if (stale.length > 0) {
        io.stderr(
          `lakebox: stale plan: changed live since ${planFile} was made: ${stale.join(', ')}; run plan again\n`,
        );
        return 1;
      }
    } else {
      plan = await makePlan(ctx, spec ?? { source: '', files: [], config: {}, resources: [] }, await backend.read(), {
        destroy,
        ...targetsOf(values),
      });
      if (!values.json) io.stdout(renderPlanText(plan, { color }));
      if (!plan.applyable) {
        io.stderr('lakebox: the plan has errors (above); nothing was applied\n');
        return 1;
      }
      if (!plan.changes.some((c) => c.action !== 'noop' || (c.before === null && c.after === null))) {
        if (values.json)
          io.stdout(`${JSON.stringify({ plan, result: { done: [], failed: [], notStarted: [] } }, null, 2)}\n`);
        return 0;
      }
      if (!values['auto-approve']) {
        if (!io.confirm) {
          io.stderr('lakebox: nobody to confirm (not a terminal): pass --auto-approve, or apply a saved plan\n');
          return 1;
        }
        if (
          !(await io.confirm(
            `\nDo you want to ${destroy ? 'destroy these resources' : 'perform these actions'}? Only 'yes' will be accepted: `,
          ))
        ) {
          io.stdout('Apply cancelled.\n');
          return 1;
        }
      }
    }
    const result = await applyPlan(ctx, plan, {
      backend,
      locked: true,
      allowDestructive: destroy || values['allow-destructive'],
      ...(values.parallelism ? { parallelism: Number(values.parallelism) } : {}),
      onProgress: values.json
        ? undefined
        : (e) => {
            if (e.phase === 'start') io.stdout(`${e.address}: ${e.action}...\n`);
            else if (e.phase === 'done') io.stdout(`${e.address}: ${e.action} done\n`);
            else io.stdout(`${e.address}: ${e.action} FAILED: ${e.error}\n`);
          },
    });
    io.stdout(
      values.json
        ? `${JSON.stringify({ plan, result }, null, 2)}\n`
        : renderResult(result, destroy ? 'Destroy' : 'Apply'),
    );
    return result.failed.length > 0 ? 1 : 0;
  } finally {
    await release?.();
    ctx.close();
  }
}

/** What apply did and did not do, in words. */
export function renderResult(r: ApplyResult, verb: 'Apply' | 'Destroy' = 'Apply'): string {
  const lines = [
    `\n${verb} ${r.failed.length > 0 ? 'stopped on an error' : 'complete'}: ${r.done.length} change(s) done.`,
  ];
  for (const f of r.failed) lines.push(`  failed: ${f.address} (${f.action}): ${f.error}`);
  for (const n of r.notStarted) lines.push(`  not started: ${n.address} (${n.action})`);
  if (r.failed.length > 0) {
    lines.push(`What was done is recorded in the state; run ${verb.toLowerCase()} again to converge.`);
  }
  return `${lines.join('\n')}\n`;
}
