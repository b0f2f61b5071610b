import { describe, expect, it } from 'vitest';
import { canTransition, isFinal, QUERY_TRANSITIONS, statesBefore } from './query-states.js';

describe('query state transitions', () => {
  it('runs QUEUED → RUNNING → a final state, and nothing leaves a final state', () => {
    expect(canTransition('QUEUED', 'RUNNING')).toBe(true);
    expect(canTransition('RUNNING', 'SUCCEEDED')).toBe(true);
    expect(canTransition('QUEUED', 'SUCCEEDED')).toBe(false);
    expect(canTransition('RUNNING', 'QUEUED')).toBe(false);
    for (const s of ['SUCCEEDED', 'FAILED', 'CANCELLED'] as const) {
      expect(isFinal(s)).toBe(true);
      expect(QUERY_TRANSITIONS[s]).toEqual([]);
    }
    expect(statesBefore('CANCELLED').sort()).toEqual(['QUEUED', 'RUNNING']);
    expect(statesBefore('SUCCEEDED')).toEqual(['RUNNING']);
  });
});
