/**
 * Schemas of the code-model routes: repositories, summary, hotspots, code map, knowledge, coupling,
 * dependencies and owners. Times are Unix seconds; shares and scores are in [0, 1].
 */
import { Type, type Static } from '@sinclair/typebox';

export const RepositorySchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    root: Type.String({ description: 'Folder of the repository on the server.' }),
    headCommit: Type.Union([Type.String(), Type.Null()], { description: 'The commit the figures describe.' }),
    lastScanAt: Type.Union([Type.Integer(), Type.Null()]),
    shallow: Type.Boolean(),
    currentHead: Type.Union([Type.String(), Type.Null()], {
      description:
        'The commit HEAD points at in the repository now (null when the server cannot read it): another commit than headCommit when commits came after the scan.',
    }),
    served: Type.Boolean({ description: 'True for the repository the server was started on.' }),
  },
  { title: 'Repository' },
);
export type Repository = Static<typeof RepositorySchema>;

export const RepositoryListSchema = Type.Object({ repos: Type.Array(RepositorySchema) });
export type RepositoryList = Static<typeof RepositoryListSchema>;

export const HotspotSchema = Type.Object(
  {
    path: Type.String(),
    revisions: Type.Integer({ description: 'Commits that changed the file in the window.' }),
    complexity: Type.Integer({ description: 'Indentation complexity.' }),
    loc: Type.Integer({ description: 'Lines of code.' }),
    score: Type.Number({ description: 'Revisions x complexity, each normalised, in [0, 1].' }),
    rank: Type.Integer(),
  },
  { title: 'Hotspot' },
);
export type Hotspot = Static<typeof HotspotSchema>;

export const ModuleKnowledgeSchema = Type.Object(
  {
    module: Type.String(),
    files: Type.Integer(),
    loc: Type.Integer(),
    truckFactor: Type.Integer({
      description: 'Fewest authors who are main authors of at least half the lines of code.',
    }),
    truckAuthors: Type.Array(Type.String()),
    orphanedLoc: Type.Integer({ description: 'Lines of code whose main author is inactive.' }),
    orphanedShare: Type.Number(),
  },
  { title: 'ModuleKnowledge' },
);
export type ModuleKnowledge = Static<typeof ModuleKnowledgeSchema>;

export const CodebaseSummarySchema = Type.Object(
  {
    repo: Type.String(),
    root: Type.String(),
    headCommit: Type.String(),
    scannedAt: Type.Union([Type.Integer(), Type.Null()]),
    commits: Type.Integer(),
    changeSets: Type.Integer(),
    authors: Type.Integer(),
    activeAuthors: Type.Integer({
      description: 'Authors with a commit in the 6 months before the scanned commit.',
    }),
    files: Type.Integer(),
    measuredFiles: Type.Integer(),
    excludedFiles: Type.Integer(),
    loc: Type.Integer(),
    languages: Type.Array(
      Type.Object({ language: Type.String(), files: Type.Integer(), loc: Type.Integer() }),
    ),
    modules: Type.Integer(),
    imports: Type.Integer(),
    unresolvedImports: Type.Integer(),
    importCycles: Type.Integer(),
    couplings: Type.Integer(),
    hotspots: Type.Array(HotspotSchema),
    knowledge: Type.Array(ModuleKnowledgeSchema),
    shallow: Type.Boolean(),
    notices: Type.Array(Type.String()),
  },
  { title: 'CodebaseSummary' },
);
export type CodebaseSummary = Static<typeof CodebaseSummarySchema>;

export const HotspotListSchema = Type.Object({ hotspots: Type.Array(HotspotSchema) });
export type HotspotList = Static<typeof HotspotListSchema>;

export const CodeMapFileSchema = Type.Object(
  {
    path: Type.String(),
    language: Type.Union([Type.String(), Type.Null()]),
    loc: Type.Integer(),
    complexity: Type.Integer(),
    revisions: Type.Integer(),
    hotspot: Type.Number({ description: 'Hotspot score in [0, 1]; 0 when unchanged in the window.' }),
    mainAuthor: Type.Union([Type.String(), Type.Null()]),
    module: Type.String(),
  },
  { title: 'CodeMapFile' },
);
export type CodeMapFile = Static<typeof CodeMapFileSchema>;

export const CodeMapSchema = Type.Object(
  { headCommit: Type.String(), files: Type.Array(CodeMapFileSchema) },
  { title: 'CodeMap' },
);
export type CodeMap = Static<typeof CodeMapSchema>;

export const KnowledgeSchema = Type.Object(
  {
    modules: Type.Array(ModuleKnowledgeSchema),
    inactiveOwners: Type.Array(
      Type.Object({
        name: Type.String(),
        loc: Type.Integer(),
        files: Type.Integer(),
        lastCommit: Type.Union([Type.Integer(), Type.Null()]),
      }),
    ),
  },
  { title: 'Knowledge' },
);
export type Knowledge = Static<typeof KnowledgeSchema>;

export const CouplingPairSchema = Type.Object(
  {
    a: Type.String(),
    b: Type.String(),
    shared: Type.Integer({ description: 'Change sets that touched both files.' }),
    revisionsA: Type.Integer(),
    revisionsB: Type.Integer(),
    degree: Type.Number({ description: 'shared / mean(revisionsA, revisionsB).' }),
    confidenceAB: Type.Number(),
    confidenceBA: Type.Number(),
  },
  { title: 'CouplingPair' },
);
export type CouplingPair = Static<typeof CouplingPairSchema>;

export const CoupledFileSchema = Type.Object(
  {
    path: Type.String(),
    score: Type.Number({ description: 'confidence(file -> path) = shared / revisions of file.' }),
    shared: Type.Integer(),
    revisions: Type.Integer(),
    evidence: Type.String(),
  },
  { title: 'CoupledFile' },
);
export type CoupledFile = Static<typeof CoupledFileSchema>;

export const CouplingSchema = Type.Union(
  [
    Type.Object({ pairs: Type.Array(CouplingPairSchema) }),
    Type.Object({ file: Type.String(), results: Type.Array(CoupledFileSchema) }),
  ],
  { title: 'Coupling' },
);
export type Coupling = Static<typeof CouplingSchema>;

const ImportEdgeSchema = Type.Object({ from: Type.String(), to: Type.String(), specifier: Type.String() });

export const DependencyReportSchema = Type.Object(
  {
    file: Type.String(),
    fanIn: Type.Integer(),
    fanOut: Type.Integer(),
    imports: Type.Array(ImportEdgeSchema),
    importedBy: Type.Array(ImportEdgeSchema),
    dependents: Type.Optional(Type.Array(Type.Object({ path: Type.String(), depth: Type.Integer() }))),
    unresolved: Type.Array(Type.Object({ specifier: Type.String(), reason: Type.String() })),
  },
  { title: 'DependencyReport' },
);
export type DependencyReport = Static<typeof DependencyReportSchema>;

export const OwnersReportSchema = Type.Object(
  {
    path: Type.String(),
    files: Type.Integer(),
    loc: Type.Integer(),
    authors: Type.Array(
      Type.Object({
        name: Type.String(),
        loc: Type.Integer(),
        share: Type.Number(),
        files: Type.Integer(),
        lastCommit: Type.Union([Type.Integer(), Type.Null()]),
        inactive: Type.Boolean(),
      }),
    ),
    truckFactor: Type.Integer(),
    orphanedShare: Type.Number(),
  },
  { title: 'OwnersReport' },
);
export type OwnersReport = Static<typeof OwnersReportSchema>;
