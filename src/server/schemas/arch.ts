/**
 * Schemas of the architecture and dependency reviews (`tpo arch`, `tpo deps-review`). Counts are files or change
 * sets as named; shares and degrees are in [0, 1].
 */
import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from './common.js';

const Severity = Type.Union([Type.Literal('error'), Type.Literal('warn')]);

const ModuleEdgeSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  imports: Type.Integer({ description: 'File-to-file import edges from `from` to `to`.' }),
  example: Type.Object({
    from: Type.String(),
    to: Type.String(),
    specifier: Type.String(),
    line: Type.Optional(Type.Integer()),
  }),
});

export const ArchitectureReportSchema = Type.Object(
  {
    repo: Type.String(),
    commit: Type.String(),
    source: Nullable(
      Type.Object({
        file: Type.String(),
        from: Type.Union([Type.Literal('commit'), Type.Literal('worktree'), Type.Literal('file')]),
      }),
    ),
    modulesFrom: Type.Union([Type.Literal('declared'), Type.Literal('detected')]),
    modules: Type.Array(
      Type.Object({
        module: Type.String(),
        files: Type.Integer(),
        afferent: Type.Integer({ description: 'Files outside the module that import a file in it.' }),
        efferent: Type.Integer({ description: 'Files in the module that import a file outside it.' }),
        instability: Nullable(Type.Number({ description: 'Ce / (Ca + Ce).' })),
      }),
    ),
    unassignedFiles: Type.Integer(),
    ignoredFiles: Type.Integer(),
    rules: Type.Array(
      Type.Object({
        name: Type.String(),
        from: Type.Array(Type.String()),
        kind: Type.Union([Type.Literal('may-import'), Type.Literal('must-not-import')]),
        on: Type.Union([Type.Literal('modules'), Type.Literal('packages')]),
        targets: Type.Array(Type.String()),
        reason: Type.String(),
        severity: Severity,
      }),
    ),
    violations: Type.Array(
      Type.Object({
        rule: Type.String(),
        severity: Severity,
        reason: Type.String(),
        fromModule: Type.String(),
        toModule: Type.String(),
        from: Type.String(),
        to: Type.String(),
        external: Type.Boolean(),
        specifier: Type.String(),
        line: Nullable(Type.Integer()),
        baselined: Type.Boolean({ description: 'Listed in the committed baseline (known, not new).' }),
      }),
    ),
    newViolations: Type.Integer(),
    baseline: Nullable(Type.Object({ file: Type.String(), entries: Type.Integer(), fixed: Type.Integer() })),
    cycles: Type.Array(
      Type.Object({ modules: Type.Array(Type.String()), edges: Type.Array(ModuleEdgeSchema) }),
    ),
    moduleEdges: Type.Array(ModuleEdgeSchema),
    couplings: Type.Array(
      Type.Object({
        a: Type.String(),
        b: Type.String(),
        importsAB: Type.Integer(),
        importsBA: Type.Integer(),
        shared: Type.Integer({ description: 'Change sets that touched both modules.' }),
        changeSetsA: Type.Integer(),
        changeSetsB: Type.Integer(),
        degree: Type.Number(),
        hidden: Type.Boolean({ description: 'Co-change above the thresholds with no import either way.' }),
      }),
    ),
    diagram: Type.String({ description: 'Mermaid source of the module diagram.' }),
    diagramOmittedModules: Type.Integer(),
    notices: Type.Array(Type.String()),
  },
  { title: 'ArchitectureReport' },
);
export type ArchitectureReport = Static<typeof ArchitectureReportSchema>;

const Ecosystem = Type.Union([
  Type.Literal('npm'),
  Type.Literal('pypi'),
  Type.Literal('go'),
  Type.Literal('maven'),
]);

export const DependencyReviewSchema = Type.Object(
  {
    repo: Type.String(),
    commit: Type.String(),
    sources: Type.Array(
      Type.Object({
        file: Type.String(),
        ecosystem: Ecosystem,
        kind: Type.Union([Type.Literal('lockfile'), Type.Literal('manifest')]),
        packages: Type.Integer(),
      }),
    ),
    packages: Type.Array(
      Type.Object({
        ecosystem: Ecosystem,
        name: Type.String(),
        versions: Type.Array(Type.String()),
        direct: Type.Boolean(),
        dev: Type.Boolean(),
        licenses: Type.Array(Type.String()),
        sources: Type.Array(Type.String()),
        unpinned: Type.Boolean(),
        usage: Type.Object({
          files: Type.Integer({ description: 'Files that import it.' }),
          imports: Type.Integer(),
          modules: Type.Array(Type.Object({ module: Type.String(), files: Type.Integer() })),
          shareOfCode: Type.Number(),
          examples: Type.Array(Type.String()),
        }),
      }),
    ),
    duplicates: Type.Array(
      Type.Object({ ecosystem: Ecosystem, name: Type.String(), versions: Type.Array(Type.String()) }),
    ),
    undeclared: Type.Array(Type.Object({ ecosystem: Ecosystem, name: Type.String(), files: Type.Integer() })),
    totals: Type.Object({
      packages: Type.Integer(),
      direct: Type.Integer(),
      transitive: Type.Integer(),
      withLicense: Type.Integer(),
      duplicates: Type.Integer(),
    }),
    unknowns: Type.Array(Type.String()),
    problems: Type.Array(
      Type.Object({ file: Type.String(), line: Nullable(Type.Integer()), message: Type.String() }),
    ),
  },
  { title: 'DependencyReview' },
);
export type DependencyReview = Static<typeof DependencyReviewSchema>;
