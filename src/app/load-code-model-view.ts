/**
 * Builds the judgment's view of a scanned repository (judgment/judge-item.ts `CodeModelView`) from the store and
 * the import-graph algorithms of codebase/.
 */
import path from 'node:path';
import {
  computeGraphMetrics,
  computeHotspots,
  computeRenameAliases,
  detectModules,
  getTransitiveDependents,
  readBlobs,
  readTree,
} from '../codebase/index.js';
import { isTpoError, type FileStats } from '../domain/index.js';
import { createCoChangeIndex, type CodeModelView, type PastChangeSet } from '../judgment/index.js';
import {
  loadChangeSetFiles,
  loadChangeSets,
  loadFilesAndAuthors,
  loadImports,
  loadRenames,
  type RepoRow,
  type Store,
} from '../store/index.js';
import { loadHealthScores } from './code-health.js';
import { selectCodeFiles } from './code-model.js';

/** Change sets larger than this are mass edits and say nothing about co-change (as in coupling-rationale.md). */
const MAX_CHANGE_SET_FILES = 30;

/**
 * Loads everything the item judgment reads, code health per file (code-health-rationale.md) included unless
 * `health` is given.
 */
export async function loadCodeModelView(
  store: Store,
  repo: RepoRow,
  options: { health?: ReadonlyMap<string, number> } = {},
): Promise<CodeModelView> {
  const [{ files, activity }, edges, renames, changeSetRows, changeSetFiles] = await Promise.all([
    loadFilesAndAuthors(store.db, repo.id),
    loadImports(store.db, repo.id),
    loadRenames(store.db, repo.id),
    loadChangeSets(store.db, repo.id),
    loadChangeSetFiles(store.db, repo.id, { maxFiles: MAX_CHANGE_SET_FILES }),
  ]);
  const byPath = new Map<string, FileStats>(files.map((f) => [f.path, f]));
  const modules = detectModules(files.map((f) => f.path));
  const metrics = computeGraphMetrics(
    edges,
    files.map((f) => f.path),
  );
  const aliases = computeRenameAliases(renames);
  const filesBySha = new Map(
    changeSetFiles.map((cs) => [cs.sha, [...new Set(cs.paths.map((p) => aliases.get(p) ?? p))]]),
  );

  const changeSets: PastChangeSet[] = changeSetRows.map((row) => ({
    sha: row.sha,
    message: row.message,
    isMerge: row.is_merge === 1,
    commitCount: row.commit_count,
    startedAt: Number(row.started_at),
    finishedAt: Number(row.finished_at),
    paths: filesBySha.get(row.sha) ?? [],
    lines: row.added + row.deleted,
  }));
  // Change sets per file, for co-change questions (mass edits left out by the index).
  const coChanges = createCoChangeIndex(MAX_CHANGE_SET_FILES);
  for (const cs of changeSets) coChanges.add(cs.paths);
  const hotspots = computeHotspots(selectCodeFiles(files));
  const now = Math.max(0, ...files.map((f) => f.lastCommitTime ?? 0));
  return {
    now,
    files: byPath,
    moduleOf: (p) => modules.moduleOf(p),
    dependentsOf: (p, maxDepth) => getTransitiveDependents({ edges }, p, maxDepth),
    fanIn: (p) => metrics.get(p)?.fanIn ?? 0,
    coChangesOf: (p) => {
      const { revisions, shared } = coChanges.query(p);
      return [...shared]
        .filter(([other]) => byPath.has(other))
        .map(([other, n]) => ({ path: other, shared: n, confidence: n / revisions }));
    },
    hotspots: new Map(hotspots.map((h) => [h.path, { rank: h.rank, score: h.score }])),
    hotspotCount: hotspots.length,
    health: options.health ?? (await loadHealthScores(store, repo)),
    lastActivity: new Map([...activity].map(([name, a]) => [name, a.last])),
    changeSets,
    packageEntries: await loadPackageEntries(repo, byPath),
  };
}

interface PackageManifest {
  main?: unknown;
  module?: unknown;
  types?: unknown;
  bin?: unknown;
  exports?: unknown;
}

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) collectStrings(v, out);
}

/**
 * Files that packages of the repository declare as their entry points (package.json main, module, types, bin,
 * exports), mapped to tracked files; a built path (`dist/x.js`) maps to its source (`src/x.ts`) when that exists.
 */
async function loadPackageEntries(
  repo: RepoRow,
  files: ReadonlyMap<string, FileStats>,
): Promise<Set<string>> {
  const entries = new Set<string>();
  if (repo.snapshot_commit === null) return entries;
  let tree: Awaited<ReturnType<typeof readTree>>;
  try {
    tree = await readTree(repo.git_dir, repo.snapshot_commit);
  } catch (error) {
    // Scanned by a worker on another machine (a clone in its cache): no git here, so no declared entry points.
    if (isTpoError(error) && error.code === 'GitFailed') return entries;
    throw error;
  }
  const manifests = tree.filter(
    (e) =>
      (e.path === 'package.json' || e.path.endsWith('/package.json')) &&
      !e.path.includes('node_modules/') &&
      e.size < 1_000_000,
  );
  const folderOf = new Map(manifests.map((m) => [m.blob, [] as string[]]));
  for (const m of manifests) folderOf.get(m.blob)!.push(path.posix.dirname(m.path));
  await readBlobs(repo.git_dir, [...folderOf.keys()], (blob, content) => {
    let manifest: PackageManifest;
    try {
      manifest = JSON.parse(content.toString('utf8')) as PackageManifest;
    } catch {
      return;
    }
    const targets: string[] = [];
    for (const key of ['main', 'module', 'types', 'bin', 'exports'] as const)
      collectStrings(manifest[key], targets);
    for (const folder of folderOf.get(blob) ?? []) {
      for (const target of targets) {
        if (!target.startsWith('.') && !/^[\w@]/.test(target)) continue;
        const joined = path.posix.normalize(path.posix.join(folder === '.' ? '' : folder, target));
        const candidates = [
          joined,
          joined.replace(/(^|\/)dist\//, '$1src/').replace(/\.(c|m)?js$/, '.ts'),
          joined.replace(/\.d\.ts$/, '.ts'),
        ];
        const hit = candidates.find((c) => files.has(c));
        if (hit) entries.add(hit);
      }
    }
  });
  return entries;
}
