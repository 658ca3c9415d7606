import { describe, expect, it } from 'vitest';
import { getSarifErrors } from '../../test/helpers/sarif.js';
import type { ArchitectureReport } from '../domain/index.js';
import { createArchitectureSarif, renderArchitectureMarkdown } from './architecture-report.js';
import { createSarifLog, createSarifResult, createSarifRule, createSarifRun } from './sarif.js';

const REPORT: ArchitectureReport = {
  repo: 'shop',
  commit: 'a'.repeat(40),
  source: { file: 'tpo.config.yaml', from: 'commit' },
  modulesFrom: 'declared',
  modules: [
    { module: 'ui', files: 2, afferent: 0, efferent: 2, instability: 1 },
    { module: 'db', files: 1, afferent: 2, efferent: 0, instability: 0 },
  ],
  unassignedFiles: 0,
  ignoredFiles: 0,
  rules: [
    {
      name: 'ui-through-app',
      from: ['ui'],
      kind: 'must-not-import',
      on: 'modules',
      targets: ['db'],
      reason: 'the UI goes through use cases',
      severity: 'error',
    },
  ],
  violations: [
    {
      rule: 'ui-through-app',
      severity: 'error',
      reason: 'the UI goes through use cases',
      fromModule: 'ui',
      toModule: 'db',
      from: 'src/ui/page.ts',
      to: 'src/db/table.ts',
      specifier: '../db/table',
      line: 3,
      external: false,
      baselined: false,
    },
    {
      rule: 'ui-through-app',
      severity: 'error',
      reason: 'the UI goes through use cases',
      fromModule: 'ui',
      toModule: 'db',
      from: 'src/ui/list.ts',
      to: 'src/db/table.ts',
      specifier: '../db/table',
      line: null,
      external: false,
      baselined: true,
    },
  ],
  newViolations: 1,
  baseline: { file: 'tpo.arch-baseline.json', entries: 1, fixed: 0 },
  cycles: [],
  moduleEdges: [
    {
      from: 'ui',
      to: 'db',
      imports: 2,
      example: { from: 'src/ui/list.ts', to: 'src/db/table.ts', specifier: '../db/table' },
    },
  ],
  couplings: [
    {
      a: 'db',
      b: 'ui',
      importsAB: 0,
      importsBA: 2,
      shared: 6,
      changeSetsA: 8,
      changeSetsB: 8,
      degree: 0.75,
      hidden: false,
    },
  ],
  diagram: 'flowchart LR\n  m0["ui"]\n  m1["db"]\n  m0 -->|2| m1',
  diagramOmittedModules: 0,
  notices: [],
};

describe('createArchitectureSarif', () => {
  it('writes a log that the official SARIF 2.1.0 schema accepts', () => {
    const log = createArchitectureSarif(REPORT, { toolVersion: '0.1.0', root: '/repo' });
    expect(getSarifErrors(log)).toEqual([]);
  });

  it('puts each violation at the importing file and line, baselined ones as unchanged notes', () => {
    const log = createArchitectureSarif(REPORT, { toolVersion: '0.1.0' });
    const run = log.runs[0]!;
    expect(run.tool.driver.rules?.map((r) => [r.id, r.help?.text])).toEqual([
      ['ui-through-app', 'the UI goes through use cases'],
    ]);
    expect(
      run.results?.map((r) => [
        r.level,
        r.baselineState,
        r.locations?.[0]?.physicalLocation?.artifactLocation?.uri,
        r.locations?.[0]?.physicalLocation?.region?.startLine,
        r.ruleIndex,
      ]),
    ).toEqual([
      ['error', 'new', 'src/ui/page.ts', 3, 0],
      ['note', 'unchanged', 'src/ui/list.ts', undefined, 0],
    ]);
  });

  it('is valid for an empty review too', () => {
    const log = createArchitectureSarif({ ...REPORT, rules: [], violations: [] }, { toolVersion: '0.1.0' });
    expect(getSarifErrors(log)).toEqual([]);
    expect(log.runs[0]!.results).toEqual([]);
  });
});

describe('the general SARIF API', () => {
  it('builds rules, results, runs and logs that validate, and the schema catches a broken one', () => {
    const log = createSarifLog([
      createSarifRun({
        toolName: 'tpo',
        toolVersion: '0.1.0',
        rules: [
          createSarifRule({ id: 'debt/hotspot', description: 'An unhealthy hotspot', level: 'warning' }),
        ],
        results: [
          createSarifResult({
            ruleId: 'debt/hotspot',
            level: 'warning',
            message: 'a hotspot',
            path: 'src/a b.ts',
            line: 1,
          }),
        ],
      }),
    ]);
    expect(getSarifErrors(log)).toEqual([]);
    expect(log.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe(
      'src/a%20b.ts',
    );
    expect(getSarifErrors({ ...log, version: '2.0.0' }).length).toBeGreaterThan(0);
  });
});

describe('renderArchitectureMarkdown', () => {
  it('lists violations with the breaking import and embeds the Mermaid diagram', () => {
    const md = renderArchitectureMarkdown(REPORT);
    expect(md).toContain(
      'Declared architecture: `tpo.config.yaml` (from the scanned commit), 2 modules, 1 rule.',
    );
    expect(md).toContain(
      '| **error** | ui-through-app | `src/ui/page.ts:3` imports `../db/table` | ui → db | the UI goes through use cases |',
    );
    expect(md).toContain('| known | ui-through-app | `src/ui/list.ts` imports `../db/table` |');
    expect(md).toContain('```mermaid\nflowchart LR\n');
  });
});
