/**
 * Routings are operation DAGs (ISA-95 "process segment" dependencies): a step may follow several
 * predecessors (assembly join) and several steps may follow one (parallel branches). A cycle makes
 * a routing unexecutable, so it is found here and reported with its steps.
 */
export interface StepEdges {
  readonly id: string;
  readonly after: readonly string[];
}

/** The first cycle found (depth-first, in file order) as step ids, first id repeated at the end; or undefined. */
export function findCycle(steps: readonly StepEdges[]): string[] | undefined {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const colour = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    const c = colour.get(id);
    if (c === 2) return undefined;
    if (c === 1) return [...stack.slice(stack.indexOf(id)), id];
    colour.set(id, 1);
    stack.push(id);
    for (const p of byId.get(id)?.after ?? []) {
      if (!byId.has(p)) continue;
      const found = visit(p);
      if (found) return found;
    }
    stack.pop();
    colour.set(id, 2);
    return undefined;
  };
  for (const s of steps) {
    const found = visit(s.id);
    // Edges point to predecessors; reverse so the cycle reads in the direction of flow.
    if (found) return found.reverse();
  }
  return undefined;
}

/** Step ids in a topological order (predecessors first), stable by file order. Assumes no cycle. */
export function topologicalOrder(steps: readonly StepEdges[]): string[] {
  const done = new Set<string>();
  const out: string[] = [];
  const byId = new Map(steps.map((s) => [s.id, s]));
  const visit = (id: string): void => {
    if (done.has(id)) return;
    done.add(id);
    for (const p of byId.get(id)?.after ?? []) if (byId.has(p)) visit(p);
    out.push(id);
  };
  for (const s of steps) visit(s.id);
  return out;
}
