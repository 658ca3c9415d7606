import { describe, expect, it } from 'vitest';
import {
  computeFileHealth,
  computeModuleHealth,
  getHealthBand,
  type HealthInput,
} from './compute-code-health.js';

const base: HealthInput = {
  path: 'src/a.ts',
  module: 'src/a',
  loc: 100,
  complexity: 100,
  cyclomatic: 10,
  fanIn: 0,
  coupledElsewhere: 0,
  inCycle: false,
  mainAuthorShare: 0.5,
  mainAuthorInactive: false,
  markers: 0,
};

describe('computeFileHealth', () => {
  it('gives a small, flat, well-owned file a perfect 10 with no factors', () => {
    expect(computeFileHealth(base)).toEqual({
      path: 'src/a.ts',
      module: 'src/a',
      loc: 100,
      score: 10,
      band: 'healthy',
      factors: [],
    });
  });

  it('takes one point each for 1,000 lines, nesting 3.0 and cyclomatic 250 (7.0, warning)', () => {
    const h = computeFileHealth({ ...base, loc: 1000, complexity: 3000, cyclomatic: 250 });
    // size (1000-400)/1200*2 = 1; nesting (3-2)/2*2 = 1; cyclomatic (250-100)/300*2 = 1
    expect(h.score).toBe(7);
    expect(h.band).toBe('warning');
    expect(h.factors.map((f) => [f.name, f.penalty])).toEqual([
      ['cyclomatic', 1],
      ['nesting', 1],
      ['size', 1],
    ]);
  });

  it('charges coupling, fan-in scaled by size, cycles, inactive owners and markers', () => {
    const h = computeFileHealth({
      ...base,
      loc: 200,
      complexity: 200,
      coupledElsewhere: 4, // 4 x 0.5 = 2, capped at 1.5
      fanIn: 40, // (40-20)/40 = 0.5, x min(1, 200/400) = 0.25
      inCycle: true, // 1
      mainAuthorShare: 0.8,
      mainAuthorInactive: true, // 0.8
      markers: 2, // 0.5
    });
    // 10 - 1.5 - 0.25 - 1 - 0.8 - 0.5 = 5.95 -> 6.0 (rounded to one decimal)
    expect(h.score).toBe(6);
    expect(h.factors.map((f) => f.name)).toEqual([
      'coupling',
      'import-cycle',
      'inactive-owner',
      'markers',
      'fan-in',
    ]);
    expect(h.factors.find((f) => f.name === 'fan-in')!.reason).toBe('imported by 40 files');
  });

  it('never scores below 1 (alert)', () => {
    const h = computeFileHealth({
      ...base,
      loc: 5000,
      complexity: 25000,
      cyclomatic: 900,
      coupledElsewhere: 9,
      fanIn: 200,
      inCycle: true,
      mainAuthorShare: 1,
      mainAuthorInactive: true,
      markers: 10,
    });
    expect(h.score).toBe(1);
    expect(h.band).toBe('alert');
  });

  it('ignores cyclomatic complexity where no parser measured it', () => {
    expect(computeFileHealth({ ...base, cyclomatic: null }).factors).toEqual([]);
  });
});

describe('getHealthBand', () => {
  it("uses CodeScene's bands: 9-10 healthy, 4-8.9 warning, below 4 alert", () => {
    expect([10, 9, 8.9, 4, 3.9, 1].map(getHealthBand)).toEqual([
      'healthy',
      'healthy',
      'warning',
      'warning',
      'alert',
      'alert',
    ]);
  });
});

describe('computeModuleHealth', () => {
  it('weights file scores by lines of code and lists the worst module first', () => {
    const files = [
      computeFileHealth({ ...base, path: 'a/x.ts', module: 'a', loc: 300 }), // 10
      computeFileHealth({ ...base, path: 'a/y.ts', module: 'a', loc: 100, markers: 4 }), // 9
      computeFileHealth({
        ...base,
        path: 'b/z.ts',
        module: 'b',
        loc: 1000,
        complexity: 3000,
        cyclomatic: 250,
      }), // 7
    ];
    const modules = computeModuleHealth(files);
    expect(modules.map((m) => [m.module, m.score, m.band])).toEqual([
      ['b', 7, 'warning'],
      // (300 x 10 + 100 x 9) / 400 = 9.75 -> 9.8
      ['a', 9.8, 'healthy'],
    ]);
    expect(modules[1]).toMatchObject({
      files: 2,
      loc: 400,
      worstFile: 'a/y.ts',
      bands: { healthy: 2, warning: 0, alert: 0 },
    });
  });
});
