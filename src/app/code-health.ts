/**
 * Code health of the scanned codebase: the inputs of the judgment's composite gathered from the store, and the
 * `tpo health` use case.
 */
import {
  computeGraphMetrics,
  computeHotspots,
  detectModules,
  findCycles,
  getLanguage,
  isInactive,
  type ModuleMap,
  type RepositoryHandle,
} from '../codebase/index.js';
import {
  TpoError,
  type Coupling,
  type DebtMarkerKind,
  type FileHealth,
  type FileStats,
  type Hotspot,
  type ImportEdge,
  type ModuleHealth,
} from '../domain/index.js';
import { computeFileHealth, computeModuleHealth } from '../judgment/index.js';
import {
  loadFilesAndAuthors,
  loadBlobMetrics,
  loadCouplings,
  loadImports,
  type RepoRow,
  type Store,
} from '../store/index.js';
import { loadScannedRepo, selectCodeFiles } from './code-model.js';

/** A debt marker at the scanned commit, before dating. */
export interface SnapshotMarker {
  readonly path: string;
  readonly blob: string;
  readonly line: number;
  readonly kind: DebtMarkerKind;
  readonly text: string;
}

/** Everything the health, debt and review use cases read from the scanned snapshot. */
export interface HealthModel {
  readonly row: RepoRow;
  readonly commit: string;
  /** The scanned commit's era: the newest commit time among the files. */
  readonly now: number;
  readonly files: readonly FileStats[];
  /** Measured code files (what health, hotspots and knowledge are about). */
  readonly code: readonly FileStats[];
  readonly modules: ModuleMap;
  readonly imports: readonly ImportEdge[];
  readonly couplings: readonly Coupling[];
  readonly cycles: readonly (readonly string[])[];
  readonly fanIn: ReadonlyMap<string, number>;
  readonly hotspots: readonly Hotspot[];
  readonly health: readonly FileHealth[];
  readonly healthByPath: ReadonlyMap<string, FileHealth>;
  /** Last commit time of each author who has been inactive for 6 months. */
  readonly inactiveAuthors: ReadonlyMap<string, number>;
  /** Every author name to the person behind it (store loadAuthors). */
  readonly people: ReadonlyMap<string, string>;
  /** Markers of every measured file. */
  readonly markers: readonly SnapshotMarker[];
}

function referenceTime(files: readonly FileStats[]): number {
  let max = 0;
  for (const f of files) if ((f.lastCommitTime ?? 0) > max) max = f.lastCommitTime ?? 0;
  return max;
}

/** Loads the snapshot and computes the health of every measured code file. */
export async function loadHealthModel(repo: RepositoryHandle, store: Store): Promise<HealthModel> {
  return loadHealthModelOf(store, await loadScannedRepo(repo, store));
}

/** Code health (1-10) of every measured code file of a scanned repository, by path. */
export async function loadHealthScores(store: Store, row: RepoRow): Promise<Map<string, number>> {
  const model = await loadHealthModelOf(store, row);
  return new Map(model.health.map((h) => [h.path, h.score]));
}

async function loadHealthModelOf(store: Store, row: RepoRow): Promise<HealthModel> {
  const [{ files, activity, people }, imports, couplings] = await Promise.all([
    loadFilesAndAuthors(store.db, row.id),
    loadImports(store.db, row.id),
    loadCouplings(store.db, row.id),
  ]);
  const now = referenceTime(files);
  const code = selectCodeFiles(files);
  const modules = detectModules(files.map((f) => f.path));
  const cycles = findCycles(imports);
  const inCycle = new Set(cycles.flat());
  const metrics = computeGraphMetrics(
    imports,
    files.map((f) => f.path),
  );
  const fanIn = new Map([...metrics].map(([path, m]) => [path, m.fanIn]));
  const coupledElsewhere = new Map<string, number>();
  for (const c of couplings) {
    if (modules.moduleOf(c.a) === modules.moduleOf(c.b)) continue;
    coupledElsewhere.set(c.a, (coupledElsewhere.get(c.a) ?? 0) + 1);
    coupledElsewhere.set(c.b, (coupledElsewhere.get(c.b) ?? 0) + 1);
  }
  const inactiveAuthors = new Map<string, number>();
  for (const [name, a] of activity) if (isInactive(a.last, now)) inactiveAuthors.set(name, a.last);

  const measured = files.filter((f) => f.excluded === null);
  const metricsRows = await loadBlobMetrics(
    store.db,
    measured.map((f) => f.blob),
  );
  const markers: SnapshotMarker[] = [];
  const markerCount = new Map<string, number>();
  for (const f of measured) {
    const m = metricsRows.get(`${f.blob}:${getLanguage(f.path) ?? ''}`);
    if (!m || m.markers === '[]') continue;
    const list = JSON.parse(m.markers) as { line: number; kind: DebtMarkerKind; text: string }[];
    markerCount.set(f.path, list.length);
    for (const x of list)
      markers.push({ path: f.path, blob: f.blob, line: x.line, kind: x.kind, text: x.text });
  }

  const health = code.map((f) =>
    computeFileHealth({
      path: f.path,
      module: modules.moduleOf(f.path),
      loc: f.loc,
      complexity: f.complexity,
      cyclomatic: f.cyclomatic,
      fanIn: fanIn.get(f.path) ?? 0,
      coupledElsewhere: coupledElsewhere.get(f.path) ?? 0,
      inCycle: inCycle.has(f.path),
      mainAuthorShare: f.mainAuthorShare,
      mainAuthorInactive: f.mainAuthor !== null && inactiveAuthors.has(f.mainAuthor),
      markers: markerCount.get(f.path) ?? 0,
    }),
  );
  return {
    row,
    commit: row.snapshot_commit!,
    now,
    files,
    code,
    modules,
    imports,
    couplings,
    cycles,
    fanIn,
    hotspots: computeHotspots(code),
    health,
    healthByPath: new Map(health.map((h) => [h.path, h])),
    inactiveAuthors,
    people,
    markers,
  };
}

export interface CodeHealthReport {
  readonly repo: string;
  readonly headCommit: string;
  /** The folder or file asked about ('.' for the whole repository). */
  readonly path: string;
  readonly score: number;
  readonly bands: Readonly<Record<'healthy' | 'warning' | 'alert', number>>;
  /** Modules, worst first. */
  readonly modules: readonly ModuleHealth[];
  /** Files, worst first (limited). */
  readonly files: readonly FileHealth[];
}

/**
 * Code health (1-10) of the files and modules under a path, worst first.
 * @example
 * const report = await getCodeHealth(ws.repo, ws.store, { path: 'src', limit: 20 });
 */
export async function getCodeHealth(
  repo: RepositoryHandle,
  store: Store,
  options: { path?: string; limit?: number } = {},
): Promise<CodeHealthReport> {
  const model = await loadHealthModel(repo, store);
  const prefix = (options.path ?? '').replace(/^\.\/?/, '').replace(/\/$/, '');
  const selected = model.health.filter(
    (h) => prefix === '' || h.path === prefix || h.path.startsWith(`${prefix}/`),
  );
  if (selected.length === 0)
    throw new TpoError(
      'NotFound',
      `no measured code file at "${options.path ?? ''}" in the scanned commit; give a file or folder relative to the repository root.`,
    );
  const whole = computeModuleHealth(selected.map((h) => ({ ...h, module: prefix || '.' })))[0]!;
  const files = [...selected].sort(
    (a, b) => a.score - b.score || b.loc - a.loc || (a.path < b.path ? -1 : 1),
  );
  return {
    repo: model.row.name,
    headCommit: model.commit,
    path: prefix || '.',
    score: whole.score,
    bands: whole.bands,
    modules: computeModuleHealth(selected),
    files: options.limit !== undefined ? files.slice(0, options.limit) : files,
  };
}
