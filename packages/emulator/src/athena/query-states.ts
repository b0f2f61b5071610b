import type { QueryExecutionState } from '@aws-sdk/client-athena';

/**
 * The life of a query execution as data (STYLE lesson 7): which state may follow which.
 * QUEUED → RUNNING → SUCCEEDED / FAILED / CANCELLED; a queued query may also be cancelled or fail before it
 * runs. The three final states have no way out.
 */
export const QUERY_TRANSITIONS: Readonly<Record<QueryExecutionState, readonly QueryExecutionState[]>> = {
  QUEUED: ['RUNNING', 'FAILED', 'CANCELLED'],
  RUNNING: ['SUCCEEDED', 'FAILED', 'CANCELLED'],
  SUCCEEDED: [],
  FAILED: [],
  CANCELLED: [],
};

export function canTransition(from: QueryExecutionState, to: QueryExecutionState): boolean {
  return QUERY_TRANSITIONS[from].includes(to);
}

/** States a query can leave (the ones with an outgoing transition). */
export function isFinal(state: QueryExecutionState): boolean {
  return QUERY_TRANSITIONS[state].length === 0;
}

/** The states a given state may have come from, for guarded SQL updates. */
export function statesBefore(to: QueryExecutionState): QueryExecutionState[] {
  return (Object.keys(QUERY_TRANSITIONS) as QueryExecutionState[]).filter((s) => canTransition(s, to));
}
