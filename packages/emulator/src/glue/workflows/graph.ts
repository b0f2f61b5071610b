import { createHash } from 'node:crypto';
import type { Edge, Node, NodeType, Trigger, WorkflowGraph } from '@aws-sdk/client-glue';

function uniqueId(type: NodeType, name: string): string {
  return `wnode_${createHash('sha256').update(`${type}:${name}`).digest('hex').slice(0, 48)}`;
}

/**
 * A workflow's graph as GetWorkflow(IncludeGraph) shows it: its triggers, the jobs and crawlers they start or
 * watch, an edge from each trigger to what it starts and from each watched job or crawler to the trigger.
 */
export function workflowGraph(triggers: readonly Trigger[]): WorkflowGraph {
  const nodes = new Map<string, Node>();
  const edges: Edge[] = [];
  const node = (Type: NodeType, Name: string, extra: Partial<Node> = {}) => {
    const id = uniqueId(Type, Name);
    if (!nodes.has(id)) nodes.set(id, { Type, Name, UniqueId: id, ...extra });
    return id;
  };
  for (const trigger of triggers) {
    const t = node('TRIGGER', trigger.Name ?? '', { TriggerDetails: { Trigger: trigger } });
    for (const a of trigger.Actions ?? []) {
      const target = a.JobName !== undefined ? node('JOB', a.JobName) : node('CRAWLER', a.CrawlerName ?? '');
      edges.push({ SourceId: t, DestinationId: target });
    }
    for (const c of trigger.Predicate?.Conditions ?? []) {
      const source = c.JobName !== undefined ? node('JOB', c.JobName) : node('CRAWLER', c.CrawlerName ?? '');
      edges.push({ SourceId: source, DestinationId: t });
    }
  }
  return { Nodes: [...nodes.values()], Edges: edges };
}
