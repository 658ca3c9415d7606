/**
 * The API's types, straight from the server's TypeBox schemas (src/server/schemas): the dashboard and the server
 * cannot disagree on a field without the build failing. Types only: no schema code ships in the bundle.
 */
export type {
  ApiToken,
  CodebaseSummary,
  CodeMap,
  CodeMapFile,
  CoupledFile,
  Coupling,
  CouplingPair,
  CurrentScan,
  DependencyReport,
  Hotspot,
  HotspotList,
  Knowledge,
  LastScan,
  Meta,
  ModuleKnowledge,
  OwnersReport,
  Problem,
  Repository,
  RepositoryList,
  ScanJob,
  ScanSummary,
  StartScanBody,
  JobList,
  QueuedScan,
  WorkspaceRepo,
  WorkspaceRepoList,
  EnqueueResultBody,
} from '../../../src/server/schemas/index.js';
