import { describe, expect, it } from 'vitest';
import type { EntryPointKind, ItemJudgment, RiskFactor, RiskKind } from '../domain/index.js';
import {
  explainItem,
  getExplanationSources,
  renderExplanation,
  resolveField,
  showFigure,
  type ExplainInput,
} from './explain-item.js';
import { measureReadability } from './measure-readability.js';

/** Mulberry32: a small seeded generator, so the generated set is the same on every run. */
function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RISKS: Record<RiskKind, (r: () => number) => Omit<RiskFactor, 'kind' | 'files'>> = {
  hotspot: (r) => ({
    label: 'touches a hotspot',
    figure: 1 + Math.floor(r() * 9),
    threshold: 12,
    unit: 'hotspot rank',
    detail: 'src/orders/model.ts is hotspot #2 of 120',
    effortFactor: 1.25,
  }),
  'low-health': (r) => ({
    label: 'low code health',
    figure: 1 + Math.round(r() * 29) / 10,
    threshold: 4,
    unit: 'code health (1-10)',
    detail: 'src/orders/model.ts has code health 2.1',
    effortFactor: 2.24,
  }),
  'one-author': (r) => ({
    label: 'code with one main author',
    figure: 0.8 + r() * 0.2,
    threshold: 0.8,
    unit: 'share of lines by the main author',
    detail: 'Bob wrote at least 80 % of 2 of the 3 area files',
    effortFactor: 1.1,
  }),
  'inactive-owner': (r) => ({
    label: 'its main author has left or gone quiet',
    figure: 6 + Math.floor(r() * 30),
    threshold: 6,
    unit: 'months since their last commit',
    detail: 'Bob made no commit for 8 months',
    effortFactor: 1.2,
  }),
  'cross-module': (r) => ({
    label: 'crosses modules',
    figure: 2 + Math.floor(r() * 4),
    threshold: 2,
    unit: 'modules',
    detail: 'the area spans 3 modules',
    effortFactor: 1.4,
  }),
  'schema-change': (r) => ({
    label: 'changes a schema or migration',
    figure: 1 + Math.floor(r() * 3),
    threshold: 1,
    unit: 'schema or migration files',
    detail: 'db/schema.sql defines stored data',
    effortFactor: 1.5,
  }),
  'public-api': (r) => ({
    label: 'changes a public API',
    figure: 1 + Math.floor(r() * 2),
    threshold: 1,
    unit: 'public entry files',
    detail: 'src/index.ts: declared as a package entry',
    effortFactor: 1.3,
  }),
  'high-fan-in': (r) => ({
    label: 'many files depend on it',
    figure: 10 + Math.floor(r() * 80),
    threshold: 10,
    unit: 'files importing it directly',
    detail: 'src/orders/model.ts is imported by 14 files',
    effortFactor: 1.2,
  }),
  'fix-history': (r) => ({
    label: 'a history of fixes',
    figure: 0.4 + r() * 0.5,
    threshold: 0.4,
    unit: 'share of past change sets that were fixes',
    detail: '6 of the 11 past change sets in this area were fixes',
    effortFactor: 1.2,
  }),
};
const KINDS: EntryPointKind[] = ['page', 'route', 'command', 'public-api', 'root'];

/** One generated item: a random area, blast radius, risks, effort, stated effort and forecast. */
function generateInput(seed: number): ExplainInput {
  const r = createRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const moduleCount = 1 + Math.floor(r() * 3);
  const files = Array.from({ length: 1 + Math.floor(r() * 8) }, (_, k) => ({
    path: `src/m${k % moduleCount}/file-${k}.ts`,
    module: `src/m${k % moduleCount}`,
    confidence: k === 0 ? 1 : pick([1, 0.6, 0.2]),
    evidence: ['declared'],
  }));
  const modules = [...new Set(files.filter((f) => f.confidence >= 0.3).map((f) => f.module))];
  const dependents = Array.from({ length: Math.floor(r() * 40) }, (_, k) => ({
    path: `src/d${k % 5}/dep-${k}.ts`,
    module: `src/d${k % 5}`,
    depth: 1 + (k % 3),
  }));
  const coupled = Array.from({ length: Math.floor(r() * 4) }, (_, k) => ({
    path: `src/c/c${k}.ts`,
    module: 'src/c',
    confidence: 0.5 + r() / 2,
    shared: 3 + k,
  }));
  const entryPoints = Array.from({ length: Math.floor(r() * 6) }, (_, k) => ({
    path: `src/e/e${k}.ts`,
    kind: pick(KINDS),
    how: 'generated',
  }));
  const kinds = (Object.keys(RISKS) as RiskKind[]).filter(() => r() < 0.35);
  const risks = kinds.map((kind) => ({ kind, files: [files[0]!.path], ...RISKS[kind](r) }));
  const model = r() < 0.7 ? 'history' : 'size';
  const p50 = Math.round((0.5 + r() * 30) * 10) / 10;
  const p85 = Math.round(p50 * (1 + r() * 2) * 10) / 10;
  const stated = pick([null, 0.5, 1, 2, 3]);
  const disguiseRatio = stated === null ? null : Math.round((p50 / 5 / stated) * 100) / 100;
  const judgment: ItemJudgment = {
    area: { source: pick(['declared', 'predicted'] as const), files, modules },
    blastRadius: {
      dependents,
      coupled,
      modules: [
        ...new Set([...modules, ...dependents.map((d) => d.module), ...coupled.map((c) => c.module)]),
      ],
      entryPoints,
    },
    risks,
    effort: {
      p50,
      p85,
      model,
      similar:
        model === 'history'
          ? Array.from({ length: 5 + Math.floor(r() * 10) }, (_, k) => ({
              sha: `abc${k}def0123456`,
              message: 'm',
              days: k + 1,
              files: 2,
            }))
          : [],
      calibration: 1,
      calibratedBy: 0,
      riskFactor: 1,
      spread: 'measured',
      notes: ['7 similar merged branches in this area, first commit to merge, weekends left out'],
    },
    disguiseRatio,
    biggerThanItLooks: disguiseRatio !== null && disguiseRatio >= 2,
    reasons: [],
  };
  const day = (n: number): string => new Date(Date.UTC(2027, 0, 4 + n)).toISOString().slice(0, 10);
  const start = Math.floor(r() * 200);
  const forecast =
    r() < 0.5
      ? null
      : {
          dates: [
            { percent: 50, date: day(start) },
            { percent: 85, date: day(start + 9) },
            { percent: 95, date: r() < 0.2 ? null : day(start + 20) },
          ],
        };
  return {
    item: { id: `T-${seed}`, title: `Item ${seed}: add 2 buttons`, statedEffort: stated },
    judgment,
    forecast,
  };
}

const GENERATED = Array.from({ length: 300 }, (_, seed) => generateInput(seed + 1));

/** The numbers a reader sees in a text: integers, decimals. */
function numbersIn(text: string): string[] {
  return text.match(/\d+(?:\.\d+)?/g) ?? [];
}

describe('explainItem for a stakeholder', () => {
  it('reads as plain English (Flesch reading ease >= 60) for every generated item', () => {
    const scores = GENERATED.map((input) => {
      const e = explainItem(input, 'stakeholder');
      return { id: e.id, ease: measureReadability(e.sentences.map((s) => s.text).join(' ')).readingEase };
    });
    const worst = scores.reduce((a, b) => (a.ease <= b.ease ? a : b));
    expect(worst.ease, `worst: ${worst.id}`).toBeGreaterThanOrEqual(60);
    if (process.env.TPO_PRINT_READABILITY) {
      const mean = scores.reduce((s, x) => s + x.ease, 0) / scores.length;
      process.stdout.write(
        `reading ease over ${scores.length} items: worst ${worst.ease}, mean ${mean.toFixed(1)}\n`,
      );
      process.stdout.write(
        renderExplanation(
          explainItem(
            GENERATED.find((g) => g.item.id === worst.id)!,
            'stakeholder',
          ),
          'text',
        ),
      );
    }
  });

  it('uses no jargon without an everyday gloss', () => {
    const jargon =
      /\b(coupling|coupled|churn|fan-in|SCC|refactor\w*|blast radius|P\d\d|module|dependenc\w+|person-days?|ratio)\b/i;
    for (const input of GENERATED) {
      for (const s of explainItem(input, 'stakeholder').sentences) expect(s.text).not.toMatch(jargon);
    }
    const withHotspot = GENERATED.find((i) => i.judgment.risks.some((r) => r.kind === 'hotspot'))!;
    const text = explainItem(withHotspot, 'stakeholder')
      .sentences.map((s) => s.text)
      .join(' ');
    // "hotspot" appears only after its plain meaning.
    expect(text).toMatch(/changes often and is hard to follow \(a "hotspot"\)/);
  });

  it('says the example of the register: a small change, what reads it, one author, similar changes took 8 to 15 days', () => {
    const input = generateInput(7);
    const judgment: ItemJudgment = {
      ...input.judgment,
      area: {
        source: 'declared',
        files: [{ path: 'src/orders/model.ts', module: 'src/orders', confidence: 1, evidence: [] }],
        modules: ['src/orders'],
      },
      blastRadius: {
        dependents: Array.from({ length: 5 }, (_, k) => ({
          path: `src/ui/s${k}.tsx`,
          module: 'src/ui',
          depth: 1,
        })),
        coupled: [],
        modules: ['src/orders', 'src/ui'],
        entryPoints: Array.from({ length: 5 }, (_, k) => ({
          path: `src/ui/s${k}.tsx`,
          kind: 'page' as const,
          how: 'x',
        })),
      },
      risks: [{ kind: 'one-author', ...RISKS['one-author'](() => 0.5), files: ['src/orders/model.ts'] }],
      effort: { ...input.judgment.effort, model: 'history', p50: 8, p85: 15 },
      disguiseRatio: 1.6,
      biggerThanItLooks: false,
    };
    const e = explainItem(
      { item: { id: 'T-1', title: 'Show the order total', statedEffort: 1 }, judgment, forecast: null },
      'stakeholder',
    );
    expect(renderExplanation(e, 'text')).toContain('It was put down as 1 week of work for one person.');
    const text = e.sentences.map((s) => s.text);
    expect(text).toContain(
      `We found ${judgment.effort.similar.length} past changes to the same code, and they took 8 to 15 working days.`,
    );
    expect(text).toContain('5 other files use this code, so they may need checks or changes too.');
    expect(text).toContain('In all, the change reaches 2 parts of the code.');
    expect(text).toContain('In the product, it reaches 5 screens that people see.');
    expect(text).toContain(
      'One person wrote 90 % of the lines in 1 of these files, so few others know this code well.',
    );
    expect(text).toContain(
      'There is no date for it yet, so plan with the range of working days given above.',
    );
  });

  it('gives a date with its likelihood when a forecast exists', () => {
    const input = {
      ...generateInput(3),
      forecast: {
        dates: [
          { percent: 50, date: '2027-03-02' },
          { percent: 85, date: '2027-03-12' },
        ],
      },
    };
    const date = explainItem(input, 'stakeholder').sentences.find((s) => s.topic === 'date')!;
    expect(date.text).toBe(
      'If the team keeps its recent pace, it is 50 % likely to be done by 2 March 2027 and 85 % likely to be done by 12 March 2027.',
    );
  });
});

describe('traceability of explanations', () => {
  for (const audience of ['stakeholder', 'engineer'] as const) {
    it(`every figure of every ${audience} sentence is its field's value, and every number shown is such a figure`, () => {
      for (const input of GENERATED) {
        const sources = getExplanationSources(input);
        for (const s of explainItem(input, audience).sentences) {
          for (const f of s.figures) {
            const value = resolveField(sources, f.field);
            expect(value, `${f.field} in "${s.text}"`).toBe(f.raw);
            expect(showFigure(value as number | string, f.conversion)).toBe(f.shown);
            expect(s.text).toContain(f.shown);
            expect(s.fields).toContain(f.field);
            expect(f.unit.length).toBeGreaterThan(0);
          }
          // Strip every traced figure from the text: no number may remain untraced. P50, P85 and P95 are the
          // names of percentiles (engineer register), not figures.
          let rest = s.text.replace(/\bP(50|85|95)\b/g, ' ');
          for (const f of [...s.figures].sort((a, b) => b.shown.length - a.shown.length))
            rest = rest.split(f.shown).join(' ');
          expect(numbersIn(rest), `untraced number in "${s.text}"`).toEqual([]);
        }
      }
    });
  }

  it('resolves paths with indexes, filters and lengths', () => {
    const sources = {
      a: {
        b: [
          { kind: 'page', c: 0.2 },
          { kind: 'route', c: 0.9 },
          { kind: 'page', c: 1 },
        ],
      },
    };
    expect(resolveField(sources, 'a.b[kind=page].length')).toBe(2);
    expect(resolveField(sources, 'a.b[c>=0.3].length')).toBe(2);
    expect(resolveField(sources, 'a.b[1].kind')).toBe('route');
    expect(resolveField(sources, 'a.x.y')).toBeUndefined();
  });
});

describe('explainItem for an engineer', () => {
  it('names paths, metrics and thresholds', () => {
    const input = GENERATED.find(
      (i) => i.judgment.risks.some((r) => r.kind === 'hotspot') && i.judgment.disguiseRatio !== null,
    )!;
    const text = renderExplanation(explainItem(input, 'engineer'), 'markdown');
    expect(text).toMatch(/^# T-\d+: Item/);
    expect(text).toContain(input.judgment.area.files[0]!.path);
    expect(text).toMatch(/Effort: P50 [\d.]+ and P85 [\d.]+ person-days \((history|size) model\)/);
    expect(text).toMatch(
      /Risk, touches a hotspot: src\/orders\/model.ts is hotspot #2 of 120 \(\d+ hotspot rank, threshold 12; effort x 1.3\)/,
    );
    expect(text).toMatch(/disguise ratio \(technical P50 \/ stated\) [\d.]+, flagged at >= 2/);
  });
});
