/**
 * The reconciler: the Glue catalog, jobs, crawlers and triggers and Athena workgroups and named queries as code.
 * `lakebox validate | plan | apply | show | import | destroy` speak only the public AWS API, on lakebox or real AWS.
 */
export {
  type ApplyOptions,
  ApplyRefusedError,
  type ApplyResult,
  applyPlan,
  destructiveChanges,
} from './apply/apply.js';
export { type CliIo, RECONCILER_COMMANDS, RECONCILER_USAGE, runReconcilerCli } from './cli.js';
export { chooseAction } from './diff/action.js';
export type { Action, AttrChange, Attrs, Change, Drift, LintCode, Plan } from './diff/model.js';
export { LINT_CODES } from './diff/model.js';
export { computePlan, type DesiredResource, type LiveSnapshot } from './diff/plan.js';
export { type ConnectOptions, connect } from './live/glue-context.js';
export { makePlan } from './plan.js';
export { parsePlanJson, renderPlanJson } from './render/json.js';
export { renderPlanText } from './render/text.js';
export { formatIssue, SpecError, type SpecIssue } from './spec/issues.js';
export { type LoadedSpec, loadSpec } from './spec/load.js';
export { specJsonSchema } from './spec/spec-schema.js';
export * from './spec/types.js';
export type { LockInfo, StateBackend, StateWriter } from './state/backend.js';
export { StateLockedError } from './state/backend.js';
export { LocalStateBackend } from './state/local.js';
export { S3StateBackend } from './state/s3.js';
export { readState, type State } from './state/state.js';
