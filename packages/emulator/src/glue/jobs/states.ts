import type { JobRunState } from '@aws-sdk/client-glue';

/**
 * The job-run lifecycle as data (STYLE lesson 7): which state may follow which.
 * STARTING → RUNNING → SUCCEEDED / FAILED / TIMEOUT / ERROR; a stop request goes through STOPPING to STOPPED.
 * With job-run queuing (JobRunQueuingEnabled) a run past MaxConcurrentRuns waits in WAITING until a slot frees;
 * EXPIRED (a queued run waiting too long) is never entered: lakebox queues without a time limit.
 */
export const JOB_RUN_TRANSITIONS: Readonly<Record<JobRunState, readonly JobRunState[]>> = {
  STARTING: ['RUNNING', 'STOPPING', 'FAILED', 'ERROR'],
  RUNNING: ['SUCCEEDED', 'FAILED', 'TIMEOUT', 'STOPPING', 'ERROR'],
  STOPPING: ['STOPPED', 'ERROR'],
  WAITING: ['STARTING', 'STOPPING', 'EXPIRED', 'ERROR'],
  SUCCEEDED: [],
  FAILED: [],
  TIMEOUT: [],
  STOPPED: [],
  ERROR: [],
  EXPIRED: [],
};

/** States of a run that has not ended (a queued WAITING run included). */
export const ACTIVE_STATES: readonly JobRunState[] = ['STARTING', 'RUNNING', 'STOPPING', 'WAITING'];

/** States in which a run holds one of the job's MaxConcurrentRuns slots. */
export const RUNNING_STATES: readonly JobRunState[] = ['STARTING', 'RUNNING', 'STOPPING'];

/** States after which a run can be retried (MaxRetries). */
export const RETRIED_STATES: readonly JobRunState[] = ['FAILED', 'ERROR'];

export function isTerminal(state: JobRunState | undefined): boolean {
  return state !== undefined && JOB_RUN_TRANSITIONS[state].length === 0;
}

export function canMove(from: JobRunState | undefined, to: JobRunState): boolean {
  return from !== undefined && JOB_RUN_TRANSITIONS[from].includes(to);
}
