import { describe, expect, it } from 'vitest';
import { walkGraph } from './walk.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('walkGraph', () => {
  it('starts a node only after what it waits for, with bounded parallelism', async () => {
    const log: string[] = [];
    let inFlight = 0;
    let most = 0;
    const nodes = [
      { id: 'db', after: [] },
      ...['a', 'b', 'c', 'd', 'e'].map((t) => ({ id: `table.${t}`, after: ['db'] })),
    ];
    const result = await walkGraph(nodes, 2, async (id) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      log.push(`start ${id}`);
      await tick();
      log.push(`end ${id}`);
      inFlight -= 1;
    });
    expect(log.slice(0, 2)).toEqual(['start db', 'end db']);
    expect(most).toBe(2);
    expect(result.done).toHaveLength(6);
    expect(result.failed).toEqual([]);
  });

  it('stops starting new work after an error, lets in-flight work finish, and says what was not started', async () => {
    const nodes = ['a', 'b', 'c', 'd'].map((id) => ({ id, after: [] }));
    const result = await walkGraph(nodes, 2, async (id) => {
      await tick();
      if (id === 'a') throw new Error('boom');
      await tick();
    });
    expect(result.failed.map((f) => f.id)).toEqual(['a']);
    expect(result.done).toEqual(['b']);
    expect(result.notStarted).toEqual(['c', 'd']);
  });

  it('never starts a node whose dependency failed', async () => {
    const result = await walkGraph(
      [
        { id: 'db', after: [] },
        { id: 'table', after: ['db'] },
      ],
      4,
      async (id) => {
        if (id === 'db') throw new Error('denied');
      },
    );
    expect(result.notStarted).toEqual(['table']);
  });
});
