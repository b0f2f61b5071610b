import type { Plan } from '../diff/model.js';

/** The plan as machines read it: the plan document itself, which `apply plan.json` accepts back. */
export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/** Read a saved plan, checking it is one. */
export function parsePlanJson(text: string, file: string): Plan {
  const plan = JSON.parse(text) as Plan;
  if (plan?.formatVersion !== 1 || !Array.isArray(plan.changes)) throw new Error(`${file} is not a lakebox plan`);
  return plan;
}
