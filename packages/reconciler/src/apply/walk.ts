/** One unit of work for the walker: an id and what it must wait for. */
export interface WalkNode {
  id: string;
  after: readonly string[];
}

export interface WalkResult {
  done: string[];
  failed: { id: string; error: unknown }[];
  notStarted: string[];
}

/**
 * Walk a dependency graph with at most `limit` nodes in flight. A node starts once everything it waits for
 * is done. After the first failure nothing new starts; what is in flight finishes and is reported.
 *
 * @example
 * await walkGraph([{ id: 'db', after: [] }, { id: 'table', after: ['db'] }], 4, (id) => run(id));
 */
export async function walkGraph(
  nodes: readonly WalkNode[],
  limit: number,
  run: (id: string) => Promise<void>,
): Promise<WalkResult> {
  const result: WalkResult = { done: [], failed: [], notStarted: [] };
  const finished = new Set<string>();
  const started = new Set<string>();
  let stopping = false;
  let inFlight = 0;
  const max = Math.max(1, limit);
  await new Promise<void>((resolveAll) => {
    const pump = () => {
      if (!stopping) {
        for (const node of nodes) {
          if (inFlight >= max) break;
          if (started.has(node.id) || !node.after.every((d) => finished.has(d))) continue;
          started.add(node.id);
          inFlight += 1;
          run(node.id).then(
            () => {
              finished.add(node.id);
              result.done.push(node.id);
              inFlight -= 1;
              pump();
            },
            (error: unknown) => {
              result.failed.push({ id: node.id, error });
              stopping = true;
              inFlight -= 1;
              pump();
            },
          );
        }
      }
      if (inFlight === 0) resolveAll();
    };
    pump();
  });
  result.notStarted = nodes.filter((n) => !started.has(n.id)).map((n) => n.id);
  return result;
}
