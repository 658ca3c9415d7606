import { describe, expect, it } from 'vitest';
import type { ArchitectureRule, ImportEdge } from '../domain/index.js';
import { renderModuleDiagram } from './render-module-diagram.js';
import {
  computeInstability,
  computeModuleCoupling,
  createDeclaredModuleMap,
  findRuleViolations,
  getModuleEdges,
} from './review-architecture.js';

const moduleOf = createDeclaredModuleMap([
  { name: 'ui', paths: ['src/ui/**'] },
  { name: 'app', paths: ['src/app/**'] },
  { name: 'db', paths: ['src/db/**'] },
  { name: 'domain', paths: ['src/domain/**'] },
]);

const edge = (from: string, to: string, line = 1): ImportEdge => ({ from, to, specifier: `./${to}`, line });

const EDGES: ImportEdge[] = [
  edge('src/ui/page.ts', 'src/app/orders.ts'),
  edge('src/ui/page.ts', 'src/db/orders-table.ts', 3),
  edge('src/ui/list.ts', 'src/db/orders-table.ts', 2),
  edge('src/app/orders.ts', 'src/domain/order.ts'),
  edge('src/app/orders.ts', 'src/db/orders-table.ts', 2),
  edge('src/db/orders-table.ts', 'src/domain/order.ts'),
  edge('src/domain/order.ts', 'src/domain/money.ts'),
  edge('src/domain/order.ts', 'tools/gen.ts', 4),
];

const RULES: ArchitectureRule[] = [
  {
    name: 'ui-through-app',
    from: ['ui'],
    kind: 'must-not-import',
    on: 'modules',
    targets: ['db'],
    reason: 'the UI goes through use cases',
    severity: 'error',
  },
  {
    name: 'domain-pure',
    from: ['domain'],
    kind: 'may-import',
    on: 'modules',
    targets: [],
    reason: 'the domain depends on nothing',
    severity: 'warn',
  },
];

describe('findRuleViolations', () => {
  it('reports each import that breaks a rule, with the file, line and module of both ends', () => {
    const violations = findRuleViolations({ edges: EDGES, moduleOf, rules: RULES });
    expect(violations.map((v) => [v.rule, v.from, v.to, v.line, v.fromModule, v.toModule])).toEqual([
      ['ui-through-app', 'src/ui/list.ts', 'src/db/orders-table.ts', 2, 'ui', 'db'],
      ['ui-through-app', 'src/ui/page.ts', 'src/db/orders-table.ts', 3, 'ui', 'db'],
      ['domain-pure', 'src/domain/order.ts', 'tools/gen.ts', 4, 'domain', '(unassigned)'],
    ]);
    expect(violations[0]).toMatchObject({ severity: 'error', reason: 'the UI goes through use cases' });
  });

  it('marks violations the baseline lists, and only those', () => {
    const violations = findRuleViolations({
      edges: EDGES,
      moduleOf,
      rules: RULES,
      baseline: [{ rule: 'ui-through-app', from: 'src/ui/page.ts', to: 'src/db/orders-table.ts' }],
    });
    expect(violations.filter((v) => v.baselined).map((v) => v.from)).toEqual(['src/ui/page.ts']);
  });

  it('judges imports of third-party packages by package-name globs', () => {
    const rules: ArchitectureRule[] = [
      {
        name: 'no-aws-in-ui',
        from: ['ui'],
        kind: 'must-not-import',
        on: 'packages',
        targets: ['@aws-sdk/*'],
        reason: 'the UI reaches AWS through the API',
        severity: 'error',
      },
      {
        name: 'domain-no-vendors',
        from: ['domain'],
        kind: 'may-import',
        on: 'packages',
        targets: ['node:*'],
        reason: 'the domain uses the standard library only',
        severity: 'warn',
      },
    ];
    const externalImports = [
      { from: 'src/ui/page.ts', packageName: '@aws-sdk/client-s3', specifier: '@aws-sdk/client-s3', line: 4 },
      { from: 'src/ui/page.ts', packageName: 'react', specifier: 'react', line: 1 },
      { from: 'src/domain/order.ts', packageName: 'node:crypto', specifier: 'node:crypto', line: 1 },
      { from: 'src/domain/order.ts', packageName: 'decimal.js', specifier: 'decimal.js', line: 2 },
    ];
    const violations = findRuleViolations({ edges: [], moduleOf, rules, externalImports });
    expect(violations.map((v) => [v.rule, v.from, v.to, v.line, v.external])).toEqual([
      ['no-aws-in-ui', 'src/ui/page.ts', '@aws-sdk/client-s3', 4, true],
      ['domain-no-vendors', 'src/domain/order.ts', 'decimal.js', 2, true],
    ]);
  });

  it('turns imports inside a module cycle into violations when cycles are errors', () => {
    const edges = [edge('src/app/a.ts', 'src/db/b.ts'), edge('src/db/b.ts', 'src/app/c.ts', 7)];
    const violations = findRuleViolations({
      edges,
      moduleOf,
      rules: [],
      moduleCycles: [['app', 'db']],
      cycleSeverity: 'error',
    });
    expect(violations.map((v) => [v.rule, v.from, v.to])).toEqual([
      ['no-module-cycles', 'src/app/a.ts', 'src/db/b.ts'],
      ['no-module-cycles', 'src/db/b.ts', 'src/app/c.ts'],
    ]);
    expect(findRuleViolations({ edges, moduleOf, rules: [], moduleCycles: [['app', 'db']] })).toEqual([]);
  });
});

describe('computeInstability', () => {
  it('counts files on each side: I = Ce / (Ca + Ce)', () => {
    const result = computeInstability(EDGES, moduleOf, [
      ['ui', 2],
      ['app', 1],
      ['db', 1],
      ['domain', 2],
    ]);
    expect(result).toEqual([
      // ui: both files import out, nothing imports ui.
      { module: 'ui', files: 2, afferent: 0, efferent: 2, instability: 1 },
      // app: imported by page.ts; orders.ts imports out.
      { module: 'app', files: 1, afferent: 1, efferent: 1, instability: 0.5 },
      // db: imported by page.ts, list.ts, orders.ts; orders-table.ts imports domain.
      { module: 'db', files: 1, afferent: 3, efferent: 1, instability: 0.25 },
      // domain: imported by orders.ts and orders-table.ts; tools/gen.ts has no module, so Ce = 0.
      { module: 'domain', files: 2, afferent: 2, efferent: 0, instability: 0 },
    ]);
  });
});

describe('computeModuleCoupling', () => {
  it('flags modules that change together without importing each other as a hidden dependency', () => {
    const moduleEdges = getModuleEdges(EDGES, moduleOf);
    // ui and domain change together in 5 of 6 change sets each; they never import each other.
    const changeSets = [
      ...Array.from({ length: 5 }, () => ['src/ui/page.ts', 'src/domain/order.ts']),
      ['src/ui/list.ts'],
      ['src/domain/money.ts'],
      ['src/app/orders.ts'],
    ];
    const couplings = computeModuleCoupling(moduleEdges, changeSets, moduleOf);
    expect(couplings[0]).toEqual({
      a: 'domain',
      b: 'ui',
      importsAB: 0,
      importsBA: 0,
      shared: 5,
      changeSetsA: 6,
      changeSetsB: 6,
      degree: 5 / 6,
      hidden: true,
    });
    const uiDb = couplings.find((c) => c.a === 'db' && c.b === 'ui');
    expect(uiDb).toMatchObject({ importsAB: 0, importsBA: 2, shared: 0, hidden: false });
  });

  it('ignores change sets above the size limit', () => {
    const big = Array.from({ length: 31 }, (_, i) => `src/ui/f${i}.ts`).concat('src/db/x.ts');
    const couplings = computeModuleCoupling([], Array(10).fill(big) as string[][], moduleOf);
    expect(couplings).toEqual([]);
  });
});

describe('renderModuleDiagram', () => {
  it('draws modules, import counts, violations in red and hidden dependencies dotted', () => {
    const moduleEdges = getModuleEdges(EDGES, moduleOf);
    const modules = computeInstability(EDGES, moduleOf, [
      ['ui', 2],
      ['db', 1],
    ]);
    const diagram = renderModuleDiagram({
      modules,
      edges: moduleEdges,
      couplings: [
        {
          a: 'db',
          b: 'ui',
          importsAB: 0,
          importsBA: 0,
          shared: 5,
          changeSetsA: 5,
          changeSetsB: 5,
          degree: 1,
          hidden: true,
        },
      ],
      violating: [{ from: 'ui', to: 'db' }],
    });
    expect(diagram.mermaid.split('\n')).toEqual([
      'flowchart LR',
      '  m0["ui<br/>2 files, I = 1.00"]',
      '  m1["db<br/>1 file, I = 0.25"]',
      '  m0 -->|2| m1',
      '  m1 -.-|"changes with: 100 %"| m0',
      '  linkStyle 0 stroke:#d62728,stroke-width:2px',
      '  linkStyle 1 stroke:#ff7f0e,stroke-dasharray:4 4',
    ]);
    expect(diagram.omittedModules).toBe(0);
  });
});
