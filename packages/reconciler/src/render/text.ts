import { type Action, type AttrChange, type AttrValue, type Change, LINT_CODES, type Plan } from '../diff/model.js';

/** Options for the text rendering. */
export interface TextOptions {
  /** ANSI colours; the CLI turns them on only when writing to a TTY. */
  color?: boolean;
}

const SYMBOL: Record<Action, string> = { create: '+', update: '~', replace: '-/+', delete: '-', noop: ' ' };
const COLOR: Record<Action, number> = { create: 32, update: 33, replace: 35, delete: 31, noop: 0 };

const value = (v: AttrValue | undefined): string => (v === undefined ? '(unset)' : JSON.stringify(v));

function attrLine(c: AttrChange, paint: (code: number, s: string) => string, width: number): string {
  const name = c.path.padEnd(width);
  if (c.before === undefined) return `      ${paint(32, '+')} ${name} = ${value(c.after)}`;
  if (c.after === undefined) return `      ${paint(31, '-')} ${name} = ${value(c.before)}`;
  return `      ${paint(33, '~')} ${name} = ${value(c.before)} -> ${value(c.after)}`;
}

function changeBlock(c: Change, paint: (code: number, s: string) => string): string[] {
  const header = `  ${paint(COLOR[c.action], SYMBOL[c.action])} ${c.address}${c.reason ? `  (${c.reason})` : ''}`;
  const lines = [header];
  const allowed = c.allowDestructive ? ' (allowed by the spec)' : '';
  for (const code of c.lint ?? []) lines.push(`      ${paint(31, '!')} ${code} ${LINT_CODES[code]}${allowed}`);
  if (c.action !== 'delete') {
    const width = Math.max(0, ...c.changed.map((a) => a.path.length));
    for (const a of c.changed) lines.push(attrLine(a, paint, width));
  }
  return lines;
}

/**
 * The plan as a person reads it in a terminal or a CI log, like Terraform's: `+` create, `~` update,
 * `-/+` replace, `-` delete, only the changed attributes, the lint codes, drift apart, and a summary line.
 *
 * @example
 * process.stdout.write(renderPlanText(plan, { color: process.stdout.isTTY }));
 */
export function renderPlanText(plan: Plan, options: TextOptions = {}): string {
  const paint = (code: number, s: string) => (options.color && code ? `\u001b[${code}m${s}\u001b[0m` : s);
  const out: string[] = [];
  if (plan.drift.length > 0) {
    out.push('Drift: managed resources changed outside lakebox since the last apply:', '');
    for (const d of plan.drift) {
      if (d.type === 'deleted') out.push(`  ${paint(31, '-')} ${d.address}  (deleted)`);
      else {
        out.push(`  ${paint(33, '~')} ${d.address}`);
        const width = Math.max(0, ...d.changed.map((a) => a.path.length));
        for (const a of d.changed) out.push(attrLine(a, paint, width));
      }
    }
    out.push('');
  }
  const acting = plan.changes.filter((c) => c.action !== 'noop');
  if (acting.length > 0) {
    out.push('lakebox will perform these actions:', '');
    for (const c of acting) out.push(...changeBlock(c, paint), '');
  }
  if (plan.unmanaged.length > 0) {
    out.push(`Unmanaged (not in the spec or the state, left alone): ${plan.unmanaged.length}`);
    for (const a of plan.unmanaged) out.push(`  ${a}`);
    out.push('');
  }
  if (plan.errors.length > 0) {
    out.push(paint(31, 'Errors: the plan cannot be applied:'));
    for (const e of plan.errors) out.push(`  ${e.address}: ${e.message}`);
    out.push('');
  }
  out.push(summaryLine(plan));
  return `${out.join('\n')}\n`;
}

/** `Plan: 1 to create, 2 to update, 0 to replace, 1 to delete; 1 destructive (needs --allow-destructive).` */
export function summaryLine(plan: Plan): string {
  const s = plan.summary;
  if (s.create + s.update + s.replace + s.delete === 0)
    return plan.errors.length > 0
      ? 'No changes planned, but the plan has errors.'
      : 'No changes. The live resources match the spec.';
  const destructive = plan.changes.filter((c) => c.destructive && !c.allowDestructive && c.action !== 'noop').length;
  return `Plan: ${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.delete} to delete${
    destructive > 0 ? `; ${destructive} destructive (needs --allow-destructive)` : ''
  }.`;
}
