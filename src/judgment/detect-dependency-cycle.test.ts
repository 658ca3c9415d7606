import { describe, expect, it } from 'vitest';
import { assertNoDependencyCycle, findDependencyCycle } from './detect-dependency-cycle.js';

describe('findDependencyCycle', () => {
  it('returns the cycle with its first item repeated at the end', () => {
    const deps = [
      { blocker: 'T-1', blocked: 'T-2' },
      { blocker: 'T-2', blocked: 'T-3' },
      { blocker: 'T-3', blocked: 'T-1' },
      { blocker: 'T-3', blocked: 'T-4' },
    ];
    expect(findDependencyCycle(deps)).toEqual(['T-1', 'T-2', 'T-3', 'T-1']);
  });

  it('finds none in a diamond', () => {
    const deps = [
      { blocker: 'T-1', blocked: 'T-2' },
      { blocker: 'T-1', blocked: 'T-3' },
      { blocker: 'T-2', blocked: 'T-4' },
      { blocker: 'T-3', blocked: 'T-4' },
    ];
    expect(findDependencyCycle(deps)).toBeNull();
  });

  it('walks a chain of 100,000 items without overflowing the stack', () => {
    const deps = Array.from({ length: 100_000 }, (_, i) => ({
      blocker: `T-${i + 1}`,
      blocked: `T-${i + 2}`,
    }));
    expect(findDependencyCycle(deps)).toBeNull();
    deps.push({ blocker: 'T-100001', blocked: 'T-1' });
    expect(findDependencyCycle(deps)).toHaveLength(100_002);
  });

  it('throws an Invalid error that names the cycle with the given labels', () => {
    expect(() =>
      assertNoDependencyCycle([{ blocker: 'T-1', blocked: 'T-1' }], (id) => `${id} (PROJ-1)`),
    ).toThrow('dependency cycle: T-1 (PROJ-1) blocks T-1 (PROJ-1)');
  });
});
