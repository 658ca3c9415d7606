/**
 * Reading the scanned code model back: summary, hotspots, coupling, dependencies and owners.
 */
import {
  computeGraphMetrics,
  computeHotspots,
  computeKnowledge,
  computeRenameAliases,
  detectModules,
  findCycles,
  getTransitiveDependents,
  isCodeLanguage,
  isInactive,
  resolveCommit,
  type RepositoryHandle,
} from '../codebase/index.js';
import { readGitDirHead } from '../codebase/find-work-tree.js';
import { createCoChangeIndex } from '../judgment/index.js';
import {
  TpoError,
  type Coupling,
  type FileStats,
  type Hotspot,
  type ImportEdge,
  type ModuleKnowledge,
} from '../domain/index.js';
import {
  loadFilesAndAuthors,
  type Authors,
  loadChangeSetFiles,
  loadCouplings,
  loadFiles,
  loadImports,
  loadLastScan,
  loadRenames,
  loadRepoByRoot,
  loadRepos,
  loadUnresolvedImports,
  countRows,
  type RepoRow,
  type Store,
} from '../store/index.js';
import { scanRepository, type ScanOptions, type ScanProgress } from './scan.js';

/** Loads the repository's row, or explains how to scan it first. */
export async function loadScannedRepo(repo: RepositoryHandle, store: Store): Promise<RepoRow> {
  const row = await loadRepoByRoot(store.db, repo.root);
  if (!row || row.snapshot_commit === null) {
    throw new TpoError('NotFound', `${repo.root} has not been scanned yet; run "tpo scan" first.`, {
      root: repo.root,
    });
  }
  return row;
}

/** What a reading command answers from when the repository has moved on since its scan. */
export interface StaleScan {
  readonly repo: string;
  /** The commit the stored code model describes. */
  readonly scanned: string;
  /** The repository's HEAD now. */
  readonly head: string;
}

/** Progress of fitting the localization model (a replay of the history, once per scanned commit). */
export interface FitProgress {
  readonly phase: 'fitting';
  /** Change sets replayed. */
  readonly done: number;
  readonly total: number;
}

/**
 * What a command line wants to hear of the work a reading command does on its behalf: a scan it needs first
 * (`--until`), the model it fits first, an answer from a scan older than HEAD. The server registers nothing.
 */
export interface ReadingListener {
  readonly staleScan?: (stale: StaleScan) => void;
  readonly progress?: (progress: ScanProgress | FitProgress) => void;
}

let readingListener: ReadingListener = {};

/**
 * Registers the listener of the reading commands this process runs ({} for none). With a `staleScan` listener,
 * ensureScanned compares the last scan with HEAD (read from the git directory, else one `git rev-parse`); without
 * one, nothing is compared.
 */
export function setReadingListener(listener: ReadingListener): void {
  readingListener = listener;
}

/** The registered listener (app-internal: locate.ts reports fitting progress to it). */
export function getReadingListener(): ReadingListener {
  return readingListener;
}

/**
 * Makes sure the store describes `until` (default: the last scan, or HEAD if never scanned), scanning
 * incrementally when it does not (its progress to `options.onProgress`, else the reading listener's). Answering
 * from the last scan when HEAD has moved on is told to the reading listener.
 */
export async function ensureScanned(
  repo: RepositoryHandle,
  store: Store,
  until: string | undefined,
  options: Omit<ScanOptions, 'until'> = {},
): Promise<RepoRow> {
  const row = await loadRepoByRoot(store.db, repo.root);
  if (until === undefined && row && row.snapshot_commit !== null) {
    const listener = readingListener.staleScan;
    if (listener) {
      // From the git directory's files when they say it plainly: no git process for every reading command.
      const head = readGitDirHead(repo.gitDir) ?? (await resolveCommit(repo, 'HEAD').catch(() => null));
      if (head !== null && head !== row.snapshot_commit)
        listener({ repo: repo.root, scanned: row.snapshot_commit, head });
    }
    return row;
  }
  if (until !== undefined && row && row.snapshot_commit !== null) {
    const sha = await resolveCommit(repo, until);
    if (sha === row.snapshot_commit && row.last_commit === sha) return row;
  }
  const onProgress = options.onProgress ?? readingListener.progress;
  await scanRepository(repo, store, {
    ...options,
    ...(onProgress ? { onProgress } : {}),
    ...(until !== undefined ? { until } : {}),
  });
  return loadScannedRepo(repo, store);
}

export interface CodebaseSummary {
  readonly repo: string;
  readonly root: string;
  readonly headCommit: string;
  readonly scannedAt: number | null;
  readonly commits: number;
  readonly changeSets: number;
  readonly authors: number;
  readonly activeAuthors: number;
  readonly files: number;
  readonly measuredFiles: number;
  readonly excludedFiles: number;
  readonly loc: number;
  readonly languages: readonly { language: string; files: number; loc: number }[];
  readonly modules: number;
  readonly imports: number;
  readonly unresolvedImports: number;
  readonly importCycles: number;
  readonly couplings: number;
  readonly hotspots: readonly Hotspot[];
  readonly knowledge: readonly ModuleKnowledge[];
  readonly shallow: boolean;
  readonly notices: readonly string[];
}

/** A one-screen picture of the scanned codebase. */
export async function getCodebaseSummary(
  repo: RepositoryHandle,
  store: Store,
  options: { top?: number } = {},
): Promise<CodebaseSummary> {
  const row = await loadScannedRepo(repo, store);
  const [{ files, activity }, imports, unresolved, couplings, counts, lastScan] = await Promise.all([
    loadFilesAndAuthors(store.db, row.id),
    loadImports(store.db, row.id),
    loadUnresolvedImports(store.db, row.id),
    loadCouplings(store.db, row.id),
    countRows(store.db, row.id),
    loadLastScan(store.db, row.id),
  ]);
  const measured = files.filter((f) => f.excluded === null);
  const byLanguage = new Map<string, { files: number; loc: number }>();
  for (const f of measured) {
    const key = f.language ?? 'other';
    const entry = byLanguage.get(key) ?? { files: 0, loc: 0 };
    entry.files += 1;
    entry.loc += f.loc;
    byLanguage.set(key, entry);
  }
  const reference = referenceTime(files);
  const modules = detectModules(files.map((f) => f.path));
  const code = selectCodeFiles(files);
  const knowledge = computeModuleKnowledge(code, (p) => modules.moduleOf(p), activity, reference);
  return {
    repo: row.name,
    root: row.root,
    headCommit: row.snapshot_commit!,
    scannedAt: row.last_scan_at,
    commits: counts.commits,
    changeSets: counts.changeSets,
    authors: activity.size,
    activeAuthors: [...activity.values()].filter((a) => !isInactive(a.last, reference)).length,
    files: files.length,
    measuredFiles: measured.length,
    excludedFiles: files.length - measured.length,
    loc: measured.reduce((s, f) => s + f.loc, 0),
    languages: [...byLanguage].map(([language, v]) => ({ language, ...v })).sort((a, b) => b.loc - a.loc),
    modules: new Set(measured.map((f) => modules.moduleOf(f.path))).size,
    imports: imports.length,
    unresolvedImports: unresolved.length,
    importCycles: findCycles(imports).length,
    couplings: couplings.length,
    hotspots: computeHotspots(code).slice(0, options.top ?? 10),
    knowledge: knowledge.slice(0, options.top ?? 10),
    shallow: row.is_shallow === 1,
    notices: lastScan?.notice ? lastScan.notice.split('\n') : [],
  };
}

type AuthorActivity = Authors['activity'];

function computeModuleKnowledge(
  code: readonly FileStats[],
  moduleOf: (path: string) => string,
  activity: AuthorActivity,
  reference: number,
): ModuleKnowledge[] {
  return computeKnowledge(
    code.map((f) => ({ path: f.path, module: moduleOf(f.path), loc: f.loc, mainAuthor: f.mainAuthor })),
    { lastActivity: new Map([...activity].map(([name, a]) => [name, a.last])), now: reference },
  );
}

/** A repository the store has scanned (or started to). */
export interface RepositoryInfo {
  readonly id: number;
  readonly name: string;
  readonly root: string;
  /** The commit the figures describe; null until a scan finished its snapshot. */
  readonly headCommit: string | null;
  /** Unix seconds of the last finished scan. */
  readonly lastScanAt: number | null;
  readonly shallow: boolean;
  /**
   * The commit HEAD points at in the repository now, read from its git directory's files (null when that is not
   * plain to read, or the folder is not on this machine): not `headCommit` when commits came after the scan.
   */
  readonly currentHead: string | null;
}

/** Every repository in the store, in the order they were first scanned. */
export async function listRepositories(store: Store): Promise<RepositoryInfo[]> {
  return (await loadRepos(store.db)).map((r) => ({
    id: r.id,
    name: r.name,
    root: r.root,
    headCommit: r.snapshot_commit,
    lastScanAt: r.last_scan_at === null ? null : Number(r.last_scan_at),
    shallow: r.is_shallow === 1,
    currentHead: readGitDirHead(r.git_dir),
  }));
}

/**
 * What version of the code model the store holds for a repository: changes exactly when a scan changes the
 * figures, so the server derives its ETags from it. Null when the repository was never scanned.
 */
export async function getCodeModelVersion(repo: RepositoryHandle, store: Store): Promise<string | null> {
  const row = await loadRepoByRoot(store.db, repo.root);
  if (!row || row.snapshot_commit === null) return null;
  return `${row.id}:${row.snapshot_commit}:${row.last_commit ?? ''}:${row.last_scan_at ?? 0}`;
}

/** The last scan recorded in the store for a repository, by any process (CLI or server). */
export interface LastScan {
  readonly status: 'running' | 'done' | 'failed' | 'interrupted';
  readonly kind: string;
  /** Unix seconds. */
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly toCommit: string | null;
  readonly error: string | null;
}

/**
 * The last scan the store recorded for a repository, or null when it was never scanned.
 * @example
 * const last = await getLastScan(ws.repo, ws.store);
 */
export async function getLastScan(repo: RepositoryHandle, store: Store): Promise<LastScan | null> {
  const row = await loadRepoByRoot(store.db, repo.root);
  if (!row) return null;
  const scan = await loadLastScan(store.db, row.id);
  if (!scan) return null;
  return {
    status:
      (['running', 'done', 'failed', 'interrupted'] as const).find((s) => s === scan.status) ?? 'failed',
    kind: scan.kind,
    startedAt: Number(scan.started_at),
    finishedAt: scan.finished_at === null ? null : Number(scan.finished_at),
    toCommit: scan.to_commit,
    error: scan.error,
  };
}

/** One code file on the map of the codebase. */
export interface CodeMapFile {
  readonly path: string;
  readonly language: string | null;
  /** Lines of code. */
  readonly loc: number;
  /** Indentation complexity (sum of logical indentation levels). */
  readonly complexity: number;
  /** Commits that changed it within the window. */
  readonly revisions: number;
  /** Hotspot score in [0, 1] (0 when it did not change in the window). */
  readonly hotspot: number;
  readonly mainAuthor: string | null;
  readonly module: string;
}

/**
 * Every code file with its size and hotspot score: what the dashboard's treemap draws (size = lines of code,
 * colour = hotspot score). Later figures (health, interest) join the same rows.
 * @example
 * const { files } = await getCodeMap(ws.repo, ws.store);
 */
export async function getCodeMap(
  repo: RepositoryHandle,
  store: Store,
): Promise<{ headCommit: string; files: CodeMapFile[] }> {
  const row = await loadScannedRepo(repo, store);
  const files = await loadFiles(store.db, row.id);
  const code = selectCodeFiles(files);
  const modules = detectModules(files.map((f) => f.path));
  const scores = new Map(computeHotspots(code).map((h) => [h.path, h.score]));
  return {
    headCommit: row.snapshot_commit!,
    files: code.map((f) => ({
      path: f.path,
      language: f.language,
      loc: f.loc,
      complexity: f.complexity,
      revisions: f.revisions,
      hotspot: scores.get(f.path) ?? 0,
      mainAuthor: f.mainAuthor,
      module: modules.moduleOf(f.path),
    })),
  };
}

/** An author who owns code but made no commit in the inactivity window (6 months before the scanned commit). */
export interface InactiveOwner {
  readonly name: string;
  /** Lines of code whose main author they are. */
  readonly loc: number;
  readonly files: number;
  /** Unix seconds of their last commit. */
  readonly lastCommit: number | null;
}

export interface KnowledgeReport {
  /** Every module, largest first. */
  readonly modules: readonly ModuleKnowledge[];
  readonly inactiveOwners: readonly InactiveOwner[];
}

/**
 * Knowledge distribution of the code: truck factor of every module and the inactive owners of code.
 * @example
 * const { modules, inactiveOwners } = await getKnowledge(ws.repo, ws.store);
 */
export async function getKnowledge(repo: RepositoryHandle, store: Store): Promise<KnowledgeReport> {
  const row = await loadScannedRepo(repo, store);
  const { files, activity } = await loadFilesAndAuthors(store.db, row.id);
  const reference = referenceTime(files);
  const modules = detectModules(files.map((f) => f.path));
  const code = selectCodeFiles(files);
  const owned = new Map<string, { loc: number; files: number }>();
  for (const f of code) {
    if (f.mainAuthor === null) continue;
    const o = owned.get(f.mainAuthor) ?? { loc: 0, files: 0 };
    o.loc += f.loc;
    o.files += 1;
    owned.set(f.mainAuthor, o);
  }
  const inactiveOwners = [...owned]
    .filter(([name]) => isInactive(activity.get(name)?.last, reference))
    .map(([name, o]) => ({ name, ...o, lastCommit: activity.get(name)?.last ?? null }))
    .sort((a, b) => b.loc - a.loc || (a.name < b.name ? -1 : 1));
  return {
    modules: computeModuleKnowledge(code, (p) => modules.moduleOf(p), activity, reference),
    inactiveOwners,
  };
}

/**
 * The files hotspots and knowledge are about: measured files in a programming language (prose, data and
 * configuration have no meaningful complexity), or every measured file when the repository holds no code.
 */
export function selectCodeFiles(files: readonly FileStats[]): FileStats[] {
  const measured = files.filter((f) => f.excluded === null);
  const code = measured.filter((f) => isCodeLanguage(f.language));
  return code.length > 0 ? code : measured;
}

/** The reference "now" of figures: the newest commit time in the snapshot (the scanned commit's era). */
function referenceTime(files: readonly FileStats[]): number {
  let max = 0;
  for (const f of files) if ((f.lastCommitTime ?? 0) > max) max = f.lastCommitTime ?? 0;
  return max;
}

/** Files ranked by hotspot score (revisions in the window x indentation complexity, normalised). */
export async function getHotspots(
  repo: RepositoryHandle,
  store: Store,
  options: { limit?: number } = {},
): Promise<Hotspot[]> {
  const row = await loadScannedRepo(repo, store);
  const ranked = computeHotspots(selectCodeFiles(await loadFiles(store.db, row.id)));
  return options.limit !== undefined ? ranked.slice(0, options.limit) : ranked;
}

export interface CouplingQuery {
  /** A file: list the files that change with it (min support 1, no thresholds), ranked by confidence. */
  readonly file?: string;
  readonly limit?: number;
}

export interface CoupledFile {
  readonly path: string;
  /** confidence(file -> path) = shared / revisions of file, in [0, 1]. */
  readonly score: number;
  readonly shared: number;
  readonly revisions: number;
  readonly evidence: string;
}

/** Coupled pairs above the thresholds, or the files that change with one file (ROSE-style confidence). */
export async function getCoupling(
  repo: RepositoryHandle,
  store: Store,
  query: CouplingQuery = {},
): Promise<{ pairs: Coupling[] } | { file: string; results: CoupledFile[] }> {
  const row = await loadScannedRepo(repo, store);
  if (query.file === undefined) {
    const pairs = await loadCouplings(store.db, row.id);
    return { pairs: query.limit !== undefined ? pairs.slice(0, query.limit) : pairs };
  }
  const file = query.file;
  const files = await loadFiles(store.db, row.id);
  const current = new Set(files.map((f) => f.path));
  const aliases = computeRenameAliases(await loadRenames(store.db, row.id));
  const index = createCoChangeIndex();
  for (const cs of await loadChangeSetFiles(store.db, row.id, { maxFiles: 30 }))
    index.add(cs.paths.map((p) => aliases.get(p) ?? p));
  const { revisions, shared: all } = index.query(file);
  const shared = [...all].filter(([p]) => current.has(p));
  if (revisions === 0 && !current.has(file)) {
    throw new TpoError(
      'NotFound',
      `${file} is not a file of the scanned commit; give a path relative to the repository root.`,
      { file },
    );
  }
  const results = shared
    .map(([path, n]) => ({
      path,
      score: n / revisions,
      shared: n,
      revisions,
      evidence: `changed together in ${n} of ${revisions} change sets that touched ${file}`,
    }))
    .sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : 1));
  return { file, results: query.limit !== undefined ? results.slice(0, query.limit) : results };
}

export interface DependencyReport {
  readonly file: string;
  readonly fanIn: number;
  readonly fanOut: number;
  /** Files it imports. */
  readonly imports: readonly ImportEdge[];
  /** Files that import it directly. */
  readonly importedBy: readonly ImportEdge[];
  /** With `dependents`: every file that reaches it through imports, with the depth. */
  readonly dependents?: readonly { path: string; depth: number }[];
  readonly unresolved: readonly { specifier: string; reason: string }[];
}

export async function getDependencies(
  repo: RepositoryHandle,
  store: Store,
  file: string,
  options: { dependents?: boolean; maxDepth?: number } = {},
): Promise<DependencyReport> {
  const row = await loadScannedRepo(repo, store);
  const [files, edges, unresolved] = await Promise.all([
    loadFiles(store.db, row.id),
    loadImports(store.db, row.id),
    loadUnresolvedImports(store.db, row.id),
  ]);
  if (!files.some((f) => f.path === file)) {
    throw new TpoError(
      'NotFound',
      `${file} is not a file of the scanned commit; give a path relative to the repository root.`,
      { file },
    );
  }
  const metrics = computeGraphMetrics(
    edges,
    files.map((f) => f.path),
  ).get(file);
  return {
    file,
    fanIn: metrics?.fanIn ?? 0,
    fanOut: metrics?.fanOut ?? 0,
    imports: edges.filter((e) => e.from === file),
    importedBy: edges.filter((e) => e.to === file),
    ...(options.dependents ? { dependents: getTransitiveDependents({ edges }, file, options.maxDepth) } : {}),
    unresolved: unresolved
      .filter((u) => u.from === file)
      .map(({ specifier, reason }) => ({ specifier, reason })),
  };
}

export interface OwnersReport {
  readonly path: string;
  readonly files: number;
  readonly loc: number;
  readonly authors: readonly {
    name: string;
    loc: number;
    share: number;
    files: number;
    lastCommit: number | null;
    inactive: boolean;
  }[];
  readonly truckFactor: number;
  readonly orphanedShare: number;
}

/** Who knows a file or folder: main authors by lines of code owned, with inactivity. */
export async function getOwners(repo: RepositoryHandle, store: Store, target = ''): Promise<OwnersReport> {
  const row = await loadScannedRepo(repo, store);
  const { files, activity } = await loadFilesAndAuthors(store.db, row.id);
  const prefix = target.replace(/^\.\/?/, '').replace(/\/$/, '');
  const selected = files.filter(
    (f) => f.excluded === null && (prefix === '' || f.path === prefix || f.path.startsWith(`${prefix}/`)),
  );
  if (selected.length === 0) {
    throw new TpoError(
      'NotFound',
      `no measured file at "${target}" in the scanned commit; give a file or folder relative to the repository root.`,
    );
  }
  const reference = referenceTime(files);
  const byAuthor = new Map<string, { loc: number; files: number }>();
  let loc = 0;
  for (const f of selected) {
    loc += f.loc;
    if (f.mainAuthor === null) continue;
    const a = byAuthor.get(f.mainAuthor) ?? { loc: 0, files: 0 };
    a.loc += f.loc;
    a.files += 1;
    byAuthor.set(f.mainAuthor, a);
  }
  const authors = [...byAuthor]
    .map(([name, a]) => {
      const last = activity.get(name)?.last ?? null;
      return {
        name,
        loc: a.loc,
        files: a.files,
        share: loc === 0 ? 0 : a.loc / loc,
        lastCommit: last,
        inactive: isInactive(last ?? undefined, reference),
      };
    })
    .sort((a, b) => b.loc - a.loc || (a.name < b.name ? -1 : 1));
  const knowledge = computeKnowledge(
    selected.map((f) => ({ path: f.path, module: prefix || '.', loc: f.loc, mainAuthor: f.mainAuthor })),
    { lastActivity: new Map([...activity].map(([n, a]) => [n, a.last])), now: reference },
  )[0];
  return {
    path: prefix || '.',
    files: selected.length,
    loc,
    authors,
    truckFactor: knowledge?.truckFactor ?? 0,
    orphanedShare: knowledge?.orphanedShare ?? 0,
  };
}
