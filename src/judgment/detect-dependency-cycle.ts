/**
 * Dependency cycles among backlog items: a cycle means none of its items can ever start, so tpo refuses one
 * with a message that names it.
 */
import { TpoError, type Dependency, type ItemId } from '../domain/index.js';

function buildGraph(dependencies: readonly Dependency[]): Map<ItemId, ItemId[]> {
  const next = new Map<ItemId, ItemId[]>();
  for (const { blocker, blocked } of dependencies) {
    const list = next.get(blocker);
    if (list) list.push(blocked);
    else next.set(blocker, [blocked]);
  }
  return next;
}

/**
 * A cycle among the dependencies, as the ids along it with the first repeated at the end
 * (`['T-1', 'T-2', 'T-1']`: T-1 blocks T-2, which blocks T-1), or null when there is none.
 * Iterative, so a long chain of 100,000 items does not overflow the stack.
 */
export function findDependencyCycle(dependencies: readonly Dependency[]): ItemId[] | null {
  const next = buildGraph(dependencies);
  // 1: on the current path, 2: finished.
  const state = new Map<ItemId, 1 | 2>();
  const starts = [...next.keys()].sort();
  for (const start of starts) {
    if (state.has(start)) continue;
    const path: ItemId[] = [start];
    const cursor: number[] = [0];
    state.set(start, 1);
    while (path.length > 0) {
      const node = path[path.length - 1]!;
      const children = next.get(node) ?? [];
      const i = cursor[cursor.length - 1]!;
      if (i < children.length) {
        cursor[cursor.length - 1] = i + 1;
        const child = children[i]!;
        const s = state.get(child);
        if (s === 1) return [...path.slice(path.indexOf(child)), child];
        if (s === undefined) {
          state.set(child, 1);
          path.push(child);
          cursor.push(0);
        }
      } else {
        state.set(node, 2);
        path.pop();
        cursor.pop();
      }
    }
  }
  return null;
}

/** `T-1 blocks T-2 blocks T-1`, with each id shown by `label` (e.g. an external key for an imported item). */
export function formatDependencyCycle(
  cycle: readonly ItemId[],
  label: (id: ItemId) => string = (id) => id,
): string {
  return cycle.map(label).join(' blocks ');
}

/** Throws TpoError('Invalid') naming the cycle when the dependencies contain one. */
export function assertNoDependencyCycle(
  dependencies: readonly Dependency[],
  label?: (id: ItemId) => string,
): void {
  const cycle = findDependencyCycle(dependencies);
  if (cycle) {
    throw new TpoError(
      'Invalid',
      `dependency cycle: ${formatDependencyCycle(cycle, label)}; an item cannot wait for itself`,
      { cycle },
    );
  }
}
