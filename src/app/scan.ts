/**
 * The scan use case: reads a repository's history, measures its files and builds its import graph into the
 * store, incrementally. History and snapshot are each written in one transaction, so a scan killed at any point
 * leaves the store as it was before, or with the new history and the previous snapshot (the next scan redoes the
 * snapshot). Git reads history in processes started by start-history.ts; the scan command starts them for a first
 * scan into a new store before it loads and opens the store.
 */
import v8 from 'node:v8';
import type { Kysely } from 'kysely';
import {
  DEFAULT_COUPLING_OPTIONS,
  buildChangeSets,
  computeCoupling,
  computeFileHistories,
  computeRenameAliases,
  getLanguage,
  getPathExclusion,
  MAX_MEASURED_BYTES,
  readFromBothEnds,
  type MinedCommit,
  parseMergeStream,
  readLinguistAttributes,
  readTree,
  resolveCommit,
  resolveImportGraph,
  runGit,
  EMPTY_HISTORY,
  PathAuthorTotals,
  type CouplingOptions,
  CommitGraph,
  type FileHistory,
  type ChangeSetShape,
  type ImportSpec,
  type RepositoryHandle,
  type TreeEntry,
} from '../codebase/index.js';
import type { ExclusionReason, FileChange, FileStats } from '../domain/index.js';
import {
  deleteAllHistory,
  deleteHistoryAfter,
  loadBlobMetrics,
  loadChangeSet,
  loadChangeSetFiles,
  loadChangesAfter,
  loadFiles,
  loadMaxSeq,
  loadPathsChangedBetween,
  loadAuthors,
  loadPathAuthorHistories,
  loadRenames,
  loadRepoByRoot,
  saveBlobMetrics,
  saveChangeSetsFromCommits,
  saveChanges,
  saveCommitOwners,
  saveCommits,
  saveNewRepo,
  savePathAuthorTotals,
  saveScanEnd,
  saveScanStart,
  saveSnapshot,
  suspendSecondaryIndexes,
  countRows,
  updateRepo,
  type BlobMetricsRow,
  type Database,
  type RepoRow,
  type Store,
} from '../store/index.js';
import { getLanguageKey, measureBlobsInWorker, type StoredImports } from './measure-blobs.js';
import { startHistory, type StartedHistory } from './start-history.js';

export type ScanKind = 'full' | 'incremental' | 'rewind' | 'unchanged' | 'empty';

export interface ScanProgress {
  readonly phase: 'history' | 'files' | 'saving';
  readonly done: number;
  readonly total: number | null;
}

export interface ScanOptions {
  /** Revision to scan up to (default HEAD). Only history reachable from it is used. */
  readonly until?: string;
  /** Days of history that count for revisions and churn (default 365, ending at the scanned commit). */
  readonly windowDays?: number;
  readonly coupling?: CouplingOptions;
  readonly onProgress?: (progress: ScanProgress) => void;
  /** Clock in Unix seconds (for the scan record only; figures use the scanned commit's time). */
  readonly now?: () => number;
  /**
   * A history read started before the store was created (startFirstScanHistory): used if it reads what this scan
   * needs, else left alone (the caller stops it). Given only for a store that did not exist before: its blob
   * cache is not read.
   */
  readonly startedHistory?: StartedHistory;
}

export interface ScanSummary {
  readonly repo: string;
  readonly root: string;
  readonly store: string;
  readonly kind: ScanKind;
  readonly headCommit: string | null;
  /** Commits in the store for this repository (all reachable from the scanned commit). */
  readonly commits: number;
  /** First-parent change sets in the store. */
  readonly changeSets: number;
  /** Commits read by this scan. */
  readonly newCommits: number;
  /** Tracked files at the scanned commit. */
  readonly files: number;
  readonly measuredFiles: number;
  readonly excludedFiles: number;
  readonly excludedByReason: Readonly<Partial<Record<ExclusionReason, number>>>;
  /** Blobs measured by this scan (the rest came from the cache). */
  readonly blobsMeasured: number;
  readonly imports: number;
  readonly unresolvedImports: number;
  readonly externalImports: number;
  readonly couplings: number;
  readonly shallow: boolean;
  readonly notices: readonly string[];
  readonly durationMs: number;
  /** Wall time of each phase (prepare, history, measure, finish); history and measure run at the same time. */
  readonly phaseMs?: Readonly<Record<string, number>>;
  /** Peak resident memory of this process so far, MiB (git's own processes not included). */
  readonly peakRssMb?: number;
}

const CONFIG_FILES =
  /(^|\/)(package\.json|tsconfig[^/]*\.json|jsconfig\.json|go\.mod|pyproject\.toml|setup\.cfg|setup\.py)$/;
const BATCH = 2000;
/** (path, author) totals held in memory before they are added to the store's (a million-commit history has ~1M). */
const TOTALS_BATCH = 200_000;

/** Histories from this many commits read with V8 favouring memory over speed (favourMemoryOverSpeed). */
const LONG_HISTORY_COMMITS = 250_000;

/**
 * Asks V8 to keep its heap small (`--optimize-for-size`: it collects sooner instead of growing the heap by up to
 * several times what is alive). Reading a long history makes garbage fast, and V8 let the heap grow with it: a
 * million-commit scan peaked at 1,324 and 1,858 MB in two runs of the same code, 734 MB with the flag, for 18 %
 * more CPU (shorter histories keep the default: fastify's scan would pay the CPU and gains nothing it needs).
 */
function favourMemoryOverSpeed(): void {
  v8.setFlagsFromString('--optimize-for-size');
}
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

class RescanNeeded extends Error {}

/**
 * Scans the repository into the store.
 * @example
 * const ws = await openWorkspace({ repo: '.' });
 * const summary = await scanRepository(ws.repo, ws.store, { until: 'main' });
 */
export async function scanRepository(
  repo: RepositoryHandle,
  store: Store,
  options: ScanOptions = {},
): Promise<ScanSummary> {
  const started = performance.now();
  const timings: Record<string, number> = {};
  const timed = async <T>(phase: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      timings[phase] = Math.round(performance.now() - t0);
    }
  };
  const now = options.now ?? nowSeconds;
  const notices: string[] = [];
  const { db } = store;
  let repoRow =
    (await loadRepoByRoot(db, repo.root)) ??
    (await saveNewRepo(db, {
      root: repo.root,
      name: repo.name,
      gitDir: repo.gitDir,
      isShallow: repo.isShallow,
      now: now(),
    }));
  const target = await resolveCommit(repo, options.until ?? 'HEAD');
  if (repo.isShallow)
    notices.push(
      'shallow clone: history is partial, so figures that need history (revisions, authors, coupling) cover only what was fetched. Run "git fetch --unshallow" for the full picture.',
    );

  if (target === null) {
    notices.push('the repository has no commits yet: nothing to scan.');
    return emptySummary(repo, store, notices, performance.now() - started);
  }

  const scanId = await saveScanStart(db, {
    repoId: repoRow.id,
    kind: 'pending',
    fromCommit: repoRow.last_commit,
    toCommit: target,
    now: now(),
  });
  try {
    // The files are measured while git streams the history: the history phase mostly waits on git. The snapshot's
    // tree is read while git lists the history; history takes the store's one connection for its transaction only
    // once the snapshot has read the blob cache.
    const needsSnapshot = repoRow.snapshot_commit !== target || repoRow.last_commit !== target;
    // A first scan into a store this command has just created (it started git before the store existed) has no
    // blob cache to read: the snapshot's preparation then leaves the store alone and the history does not wait for
    // it (its git calls took ~0.1 s on fastify, all before the history could start).
    const newStore = options.startedHistory !== undefined;
    const preparing = needsSnapshot
      ? timed('prepare', () => prepareSnapshot(repo, newStore ? null : db, target))
      : null;
    const [historyResult, measuredResult] = await Promise.allSettled([
      timed('history', () =>
        updateHistory(
          repo,
          db,
          repoRow,
          target,
          options,
          notices,
          newStore ? undefined : preparing?.catch(() => undefined),
        ),
      ),
      preparing
        ? preparing.then((prepared) => timed('measure', () => measureSnapshot(repo, prepared, options)))
        : Promise.resolve(null),
    ]);
    if (historyResult.status === 'rejected') throw historyResult.reason;
    if (measuredResult.status === 'rejected') throw measuredResult.reason;
    const history = historyResult.value;
    repoRow = (await loadRepoByRoot(db, repo.root))!;
    const snapshot = measuredResult.value
      ? await timed('finish', () => finishSnapshot(db, repoRow, target, measuredResult.value!, options))
      : null;
    await updateRepo(db, repoRow.id, {
      head_ref: options.until ?? 'HEAD',
      last_scan_at: now(),
      is_shallow: repo.isShallow ? 1 : 0,
      git_dir: repo.gitDir,
    });
    const counts = await countRows(db, repoRow.id);
    const stored = snapshot ?? (await loadSnapshotCounts(db, repoRow.id));
    const summary: ScanSummary = {
      repo: repo.name,
      root: repo.root,
      store: store.location,
      kind: history.kind,
      headCommit: target,
      commits: counts.commits,
      changeSets: counts.changeSets,
      newCommits: history.newCommits,
      ...stored,
      shallow: repo.isShallow,
      notices,
      durationMs: Math.round(performance.now() - started),
      phaseMs: timings,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    await saveScanEnd(db, scanId, {
      status: 'done',
      now: now(),
      notice: notices.join('\n') || null,
      summary,
      error: null,
      kind: history.kind,
    });
    return summary;
  } catch (error) {
    await saveScanEnd(db, scanId, {
      status: 'failed',
      now: now(),
      notice: null,
      summary: null,
      error: (error as Error).message,
    }).catch(() => undefined);
    throw error;
  }
}

function emptySummary(repo: RepositoryHandle, store: Store, notices: string[], ms: number): ScanSummary {
  return {
    repo: repo.name,
    root: repo.root,
    store: store.location,
    kind: 'empty',
    headCommit: null,
    commits: 0,
    changeSets: 0,
    newCommits: 0,
    files: 0,
    measuredFiles: 0,
    excludedFiles: 0,
    excludedByReason: {},
    blobsMeasured: 0,
    imports: 0,
    unresolvedImports: 0,
    externalImports: 0,
    couplings: 0,
    shallow: repo.isShallow,
    notices,
    durationMs: Math.round(ms),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// History

interface HistoryResult {
  readonly kind: ScanKind;
  readonly newCommits: number;
}

async function updateHistory(
  repo: RepositoryHandle,
  db: Kysely<Database>,
  repoRow: RepoRow,
  target: string,
  options: ScanOptions,
  notices: string[],
  /** Store reads that must finish before the history transaction takes the connection. */
  beforeWrite?: Promise<unknown>,
): Promise<HistoryResult> {
  const last = repoRow.last_commit;
  if (last === target) return { kind: 'unchanged', newCommits: 0 };
  if (last !== null) {
    const known = await loadChangeSet(db, repoRow.id, target);
    if (known) {
      // The target is an earlier point of the stored first-parent line: drop what came after it.
      await beforeWrite;
      await db.transaction().execute(async (trx) => {
        await deleteHistoryAfter(trx, repoRow.id, known.seq);
        await updateRepo(trx, repoRow.id, { last_commit: target });
      });
      return { kind: 'rewind', newCommits: 0 };
    }
    const ancestor = await runGit(['merge-base', '--is-ancestor', last, target], {
      gitDir: repo.gitDir,
    }).then(
      () => true,
      () => false,
    );
    if (ancestor) {
      try {
        return await readHistory(repo, db, repoRow.id, target, last, options, beforeWrite);
      } catch (error) {
        if (!(error instanceof RescanNeeded)) throw error;
        notices.push(
          `the last scanned commit ${last.slice(0, 12)} is not on the first-parent line of ${target.slice(0, 12)}: full rescan.`,
        );
      }
    } else {
      notices.push(
        `history was rewritten: the last scanned commit ${last.slice(0, 12)} is not an ancestor of ${target.slice(0, 12)}; full rescan.`,
      );
    }
  }
  return readHistory(repo, db, repoRow.id, target, null, options, beforeWrite);
}

async function readHistory(
  repo: RepositoryHandle,
  db: Kysely<Database>,
  repoId: number,
  target: string,
  last: string | null,
  options: ScanOptions,
  beforeWrite?: Promise<unknown>,
): Promise<HistoryResult> {
  const given = options.startedHistory;
  const started =
    given?.gitDir === repo.gitDir && given.target === target && given.last === last
      ? given
      : startHistory(repo.gitDir, target, last);
  // The number of commits to read, for progress, once git rev-list has listed them (no one waits for it).
  let total: number | null = null;

  await beforeWrite;
  // Git processes whose output was not read to the end (a failed write) must not outlive the scan.
  const written = db.transaction().execute(async (trx): Promise<HistoryResult> => {
    if (last === null) await deleteAllHistory(trx, repoId);
    // A first scan into an empty store loads the history in bulk: its indexes are built once, at the end.
    const rebuildIndexes = last === null ? await suspendSecondaryIndexes(trx, ['changes', 'commits']) : null;
    const graph = new CommitGraph();
    // First-parent merges' diffs stream in a process of their own while the commits are read.
    const mergeSizes = new Map<string, { files: number; added: number; deleted: number }>();
    const readMerges = async (): Promise<void> => {
      let rows: Parameters<typeof saveChanges>[1][number][] = [];
      for await (const merge of parseMergeStream(started.merges)) {
        let added = 0;
        let deleted = 0;
        for (const c of merge.changes) {
          added += c.added ?? 0;
          deleted += c.deleted ?? 0;
          rows.push(changeRow(repoId, merge.sha, c, 1));
        }
        mergeSizes.set(Buffer.from(merge.sha, 'latin1').toString('latin1'), {
          files: merge.changes.length,
          added,
          deleted,
        });
        if (rows.length >= BATCH * 4) {
          const batch = rows;
          rows = [];
          await saveChanges(trx, batch);
        }
      }
      await saveChanges(trx, rows);
    };

    // Per (path, author) totals of the commits' own diffs, added to the stored ones in the same transaction.
    const totals = new PathAuthorTotals();
    let read = 0;
    const readCommits = async (commits: AsyncIterable<MinedCommit>): Promise<void> => {
      let commitRows: Parameters<typeof saveCommits>[1][number][] = [];
      let changeRows: Parameters<typeof saveChanges>[1][number][] = [];
      for await (const commit of commits) {
        let added = 0;
        let deleted = 0;
        for (const c of commit.changes) {
          added += c.added ?? 0;
          deleted += c.deleted ?? 0;
          changeRows.push(changeRow(repoId, commit.sha, c, 0));
          totals.add(c.path, commit.authorName, commit.authorEmail, commit.commitTime, c.added, c.deleted);
        }
        graph.add({
          sha: commit.sha,
          parents: commit.parents,
          authorTime: commit.authorTime,
          commitTime: commit.commitTime,
          files: commit.changes.length,
          added,
          deleted,
        });
        commitRows.push({
          repo_id: repoId,
          sha: commit.sha,
          parents: commit.parents.join(' '),
          author_name: commit.authorName,
          author_email: commit.authorEmail,
          author_time: commit.authorTime,
          commit_time: commit.commitTime,
          message: commit.message,
          // Its own change set, as for every first-parent commit; the commits a merge brings in are given the
          // merge's below (saveCommitOwners). Every commit read is reachable from the target, so each is one or
          // the other.
          change_set: commit.sha,
        });
        read += 1;
        if (commitRows.length >= BATCH || changeRows.length >= BATCH * 4) {
          const rows = commitRows;
          const changes = changeRows;
          commitRows = [];
          changeRows = [];
          await saveCommits(trx, rows);
          await saveChanges(trx, changes);
          if (totals.size >= TOTALS_BATCH) await savePathAuthorTotals(trx, repoId, totals.drain());
          options.onProgress?.({ phase: 'history', done: read, total });
        }
      }
      await saveCommits(trx, commitRows);
      await saveChanges(trx, changeRows);
    };
    const results = await Promise.allSettled([
      readMerges(),
      readCommits(
        readFromBothEnds(started.newest, started.listed, (order) => {
          total = order.total;
          if (order.total >= LONG_HISTORY_COMMITS) favourMemoryOverSpeed();
        }),
      ),
    ]);
    for (const r of results) if (r.status === 'rejected') throw r.reason;
    await savePathAuthorTotals(trx, repoId, totals.drain());
    options.onProgress?.({ phase: 'history', done: read, total });

    // The first-parent line, newest first, must reach down to the last scanned commit.
    const { line, stoppedAt } = graph.firstParentLine(target);
    if (last !== null && stoppedAt !== last) throw new RescanNeeded();

    // Change sets oldest first, saved in batches: a million of them never sit in memory together.
    let seq = (await loadMaxSeq(trx, repoId)) + 1;
    let batch: ChangeSetShape[] = [];
    const flush = async (): Promise<void> => {
      await saveChangeSetsFromCommits(
        trx,
        repoId,
        batch.map((shape) => {
          const size = shape.isMerge
            ? (mergeSizes.get(shape.sha) ?? { files: 0, added: 0, deleted: 0 })
            : graph.sizeOf(shape.sha);
          return {
            sha: shape.sha,
            seq: seq++,
            is_merge: shape.isMerge ? 1 : 0,
            started_at: shape.startedAt,
            finished_at: shape.finishedAt,
            commit_count: shape.commits.length,
            file_count: size.files,
            added: size.added,
            deleted: size.deleted,
          };
        }),
      );
      // The commits a merge brought in record it as their change set (the merge itself, first, already does).
      await saveCommitOwners(
        trx,
        repoId,
        batch.flatMap((shape) =>
          shape.isMerge ? shape.commits.slice(1).map((sha) => ({ sha, changeSet: shape.sha })) : [],
        ),
      );
      batch = [];
    };
    for (const shape of buildChangeSets(line, graph)) {
      batch.push(shape);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    await rebuildIndexes?.();
    await updateRepo(trx, repoId, { last_commit: target });
    return { kind: last === null ? 'full' : 'incremental', newCommits: read };
  });
  return written.finally(() => started.stop());
}

function changeRow(
  repoId: number,
  sha: string,
  c: FileChange,
  mergeDiff: 0 | 1,
): Parameters<typeof saveChanges>[1][number] {
  return {
    repo_id: repoId,
    sha,
    path: c.path,
    old_path: c.oldPath,
    status: c.status,
    added: c.added,
    deleted: c.deleted,
    merge_diff: mergeDiff,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Snapshot: files, metrics, import graph and coupling at the scanned commit

type SnapshotCounts = Pick<
  ScanSummary,
  | 'files'
  | 'measuredFiles'
  | 'excludedFiles'
  | 'excludedByReason'
  | 'blobsMeasured'
  | 'imports'
  | 'unresolvedImports'
  | 'externalImports'
  | 'couplings'
>;
type SnapshotResult = SnapshotCounts;

async function loadSnapshotCounts(db: Kysely<Database>, repoId: number): Promise<SnapshotCounts> {
  const files = await db.selectFrom('files').select(['excluded']).where('repo_id', '=', repoId).execute();
  const excludedByReason: Partial<Record<ExclusionReason, number>> = {};
  for (const f of files)
    if (f.excluded)
      excludedByReason[f.excluded as ExclusionReason] =
        (excludedByReason[f.excluded as ExclusionReason] ?? 0) + 1;
  const count = async (
    table: 'imports' | 'unresolved_imports' | 'external_imports' | 'couplings',
  ): Promise<number> =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('repo_id', '=', repoId)
          .executeTakeFirst()
      )?.n ?? 0,
    );
  const excluded = files.filter((f) => f.excluded !== null).length;
  return {
    files: files.length,
    measuredFiles: files.length - excluded,
    excludedFiles: excluded,
    excludedByReason,
    blobsMeasured: 0,
    imports: await count('imports'),
    unresolvedImports: await count('unresolved_imports'),
    externalImports: await count('external_imports'),
    couplings: await count('couplings'),
  };
}

interface PreparedSnapshot {
  readonly tree: readonly TreeEntry[];
  readonly commitTime: number;
  readonly exclusion: ReadonlyMap<string, ExclusionReason | null>;
  /** Blob measures by `${blob}:${language}`: the cache, completed by measureSnapshot. */
  readonly measures: Map<string, BlobMetricsRow>;
  /** Entries whose blob (as that language) has never been measured. */
  readonly toMeasure: ReadonlyMap<string, TreeEntry>;
}

interface MeasuredSnapshot extends PreparedSnapshot {
  readonly fresh: readonly BlobMetricsRow[];
  /** Text of configuration files (package.json, tsconfig, go.mod ...) by path, for import resolution. */
  readonly configText: ReadonlyMap<string, string>;
}

/** The scanned commit's tree, what is excluded and why, and what the blob cache already knows. Reads the store. */
async function prepareSnapshot(
  repo: RepositoryHandle,
  /** The store with the blob cache; null for a new store, whose cache is empty. */
  db: Kysely<Database> | null,
  target: string,
): Promise<PreparedSnapshot> {
  const tree = await readTree(repo.gitDir, target);
  const commitTime = Number(
    (await runGit(['show', '-s', '--format=%ct', target], { gitDir: repo.gitDir })).trim(),
  );

  // Exclusions by path, then the repository's .gitattributes.
  const exclusion = new Map<string, ExclusionReason | null>();
  for (const entry of tree) {
    exclusion.set(
      entry.path,
      entry.kind === 'symlink'
        ? 'symlink'
        : entry.size > MAX_MEASURED_BYTES
          ? 'too-large'
          : getPathExclusion(entry.path),
    );
  }
  if (tree.some((e) => e.path === '.gitattributes' || e.path.endsWith('/.gitattributes'))) {
    const attrs = await readLinguistAttributes(
      repo.gitDir,
      target,
      tree.map((e) => e.path),
    );
    for (const entry of tree) {
      const vendored = attrs.vendored.get(entry.path);
      const generated = attrs.generated.get(entry.path);
      if (vendored === true) exclusion.set(entry.path, 'vendored');
      else if (generated === true) exclusion.set(entry.path, 'generated');
      else if (
        (vendored === false || generated === false) &&
        ['vendored', 'generated', 'build-output', 'minified'].includes(exclusion.get(entry.path) ?? '')
      ) {
        exclusion.set(entry.path, null);
      }
    }
  }
  const measurable = tree.filter((e) => exclusion.get(e.path) === null);
  const measures =
    db === null
      ? new Map<string, BlobMetricsRow>()
      : await loadBlobMetrics(
          db,
          measurable.map((e) => e.blob),
        );
  const toMeasure = new Map<string, TreeEntry>();
  for (const e of measurable) {
    const key = `${e.blob}:${getLanguageKey(getLanguage(e.path))}`;
    if (!measures.has(key) && !toMeasure.has(key)) toMeasure.set(key, e);
  }
  return { tree, commitTime, exclusion, measures, toMeasure };
}

/**
 * Reads and measures the blobs the cache does not know, and the configuration files, in a worker thread. No store
 * access.
 */
async function measureSnapshot(
  repo: RepositoryHandle,
  prepared: PreparedSnapshot,
  options: ScanOptions,
): Promise<MeasuredSnapshot> {
  const { tree, measures, toMeasure } = prepared;
  const configFiles = tree
    .filter((e) => e.kind === 'file' && CONFIG_FILES.test(e.path) && e.size <= MAX_MEASURED_BYTES)
    .map((e) => ({ path: e.path, blob: e.blob }));
  const files = [...toMeasure.values()].map((e) => ({ path: e.path, blob: e.blob }));
  const { fresh, configText } = await measureBlobsInWorker(
    { gitDir: repo.gitDir, files, configFiles },
    (done, total) => options.onProgress?.({ phase: 'files', done, total }),
  );
  for (const row of fresh) measures.set(`${row.blob}:${row.language}`, row);
  return { ...prepared, fresh, configText };
}

/** Change sets after the stored snapshot beyond which finishing recomputes every file's history. */
const MAX_SNAPSHOT_LAG = 1000;
/** Paths whose history is read path by path at most; more are read with the whole history's totals. */
const MAX_PATHS_READ_BY_PATH = 500;

/**
 * The files whose history figures must be recomputed because of what changed since the stored snapshot: the
 * paths the new commits changed, the paths of commits that entered or left the revision window as it moved, and
 * the paths whose rename target changed, each taken to its current path (before and after the new renames).
 * Null when the stored snapshot cannot be the base (none, another history, too far behind): recompute all.
 */
async function findChangedHistories(
  db: Kysely<Database>,
  repoRow: RepoRow,
  windowStart: number,
  renames: readonly { from: string; to: string; time: number; sha: string }[],
  aliases: ReadonlyMap<string, string>,
): Promise<Set<string> | null> {
  const { snapshot_commit: base, snapshot_window_start: baseWindow } = repoRow;
  if (base === null || baseWindow === null) return null;
  const baseSet = await loadChangeSet(db, repoRow.id, base);
  if (!baseSet) return null;
  const after = await loadChangesAfter(db, repoRow.id, baseSet.seq, MAX_SNAPSHOT_LAG);
  if (after === null) return null;
  const touched = after.paths;
  const storedWindow = Number(baseWindow);
  for (const p of await loadPathsChangedBetween(
    db,
    repoRow.id,
    Math.min(storedWindow, windowStart),
    Math.max(storedWindow, windowStart),
  ))
    touched.add(p);
  const baseAliases = computeRenameAliases(renames.filter((r) => !after.shas.has(r.sha)));
  for (const [p, to] of baseAliases) if (aliases.get(p) !== to) touched.add(p);
  for (const [p, to] of aliases) if (baseAliases.get(p) !== to) touched.add(p);
  const changed = new Set<string>();
  for (const p of touched) {
    changed.add(aliases.get(p) ?? p);
    changed.add(baseAliases.get(p) ?? p);
  }
  return changed;
}

/**
 * Joins measures with history (per-file figures, coupling) and resolves imports, then saves the snapshot. When
 * the stored snapshot can be the base, files keep its history figures unless their history changed since, and
 * only file rows that differ are written.
 */
async function finishSnapshot(
  db: Kysely<Database>,
  repoRow: RepoRow,
  target: string,
  measured: MeasuredSnapshot,
  options: ScanOptions,
): Promise<SnapshotResult> {
  const repoId = repoRow.id;
  const { tree, exclusion, measures: cached, fresh, configText } = measured;
  const windowStart = measured.commitTime - (options.windowDays ?? 365) * 86_400;

  // History per file, renames followed: recomputed for the files whose history changed since the stored
  // snapshot (every file without one), kept from the stored rows for the others.
  const renames = await loadRenames(db, repoId);
  const aliases = computeRenameAliases(renames);
  const currentPaths = new Set(tree.map((e) => e.path));
  const changed = await findChangedHistories(db, repoRow, windowStart, renames, aliases);
  const { people } = await loadAuthors(db, repoId);
  const storedFiles =
    changed === null ? undefined : new Map((await loadFiles(db, repoId, people)).map((f) => [f.path, f]));
  let histories: Map<string, FileHistory>;
  if (changed === null || storedFiles === undefined) {
    histories = computeFileHistories(
      await loadPathAuthorHistories(db, repoId, windowStart),
      aliases,
      currentPaths,
      people,
    );
  } else {
    const recompute = new Set([...currentPaths].filter((p) => changed.has(p) || !storedFiles.has(p)));
    // Every path whose history counts for a recomputed file: the file's own and those renamed into it.
    const sources = new Set(recompute);
    for (const [from, to] of aliases) if (recompute.has(to)) sources.add(from);
    // Read by path when few (after one commit), else all at once (the window moved by months).
    histories = computeFileHistories(
      sources.size === 0
        ? []
        : await loadPathAuthorHistories(
            db,
            repoId,
            windowStart,
            sources.size <= MAX_PATHS_READ_BY_PATH ? [...sources] : undefined,
          ),
      aliases,
      recompute,
      people,
    );
    for (const path of currentPaths) {
      const before = storedFiles.get(path);
      if (recompute.has(path) || before === undefined || before.totalRevisions === 0) continue;
      histories.set(path, {
        revisions: before.revisions,
        churn: before.churn,
        totalRevisions: before.totalRevisions,
        authors: before.authors,
        mainAuthor: before.mainAuthor,
        mainAuthorShare: before.mainAuthorShare,
        firstCommitTime: before.firstCommitTime,
        lastCommitTime: before.lastCommitTime,
      });
    }
  }

  const files: FileStats[] = [];
  const importSpecs = new Map<string, readonly ImportSpec[]>();
  const declaredPackages = new Map<string, string>();
  const excludedByReason: Partial<Record<ExclusionReason, number>> = {};
  for (const entry of tree) {
    const language = getLanguage(entry.path);
    const metrics = cached.get(`${entry.blob}:${getLanguageKey(language)}`);
    let excluded = exclusion.get(entry.path) ?? null;
    if (excluded === null && metrics)
      excluded = metrics.binary === 1 ? 'binary' : (metrics.excluded as ExclusionReason | null);
    if (excluded !== null) excludedByReason[excluded] = (excludedByReason[excluded] ?? 0) + 1;
    const history = histories.get(entry.path) ?? EMPTY_HISTORY;
    const measuredOk = excluded === null && metrics !== undefined;
    files.push({
      path: entry.path,
      blob: entry.blob,
      size: entry.size,
      language,
      excluded,
      loc: measuredOk ? metrics.loc : 0,
      complexity: measuredOk ? metrics.complexity : 0,
      cyclomatic: measuredOk ? metrics.cyclomatic : null,
      ...history,
    });
    if (measuredOk && metrics.imports !== null) {
      const parsed = JSON.parse(metrics.imports) as StoredImports;
      importSpecs.set(entry.path, parsed.imports);
      if (parsed.declaredPackage !== undefined) declaredPackages.set(entry.path, parsed.declaredPackage);
    }
  }

  const graph = resolveImportGraph({
    paths: tree.map((e) => e.path),
    files: importSpecs,
    readText: (p) => configText.get(p),
    declaredPackages,
  });

  const changeSets = await loadChangeSetFiles(db, repoId, {
    maxFiles: (options.coupling ?? DEFAULT_COUPLING_OPTIONS).maxChangeSetSize,
    since: windowStart,
  });
  const couplings = computeCoupling(
    changeSets.map((cs) =>
      cs.paths.map((p) => aliases.get(p) ?? p).filter((p) => currentPaths.has(p) && exclusion.get(p) == null),
    ),
    options.coupling ?? DEFAULT_COUPLING_OPTIONS,
  );

  options.onProgress?.({ phase: 'saving', done: 0, total: files.length });
  await db.transaction().execute(async (trx) => {
    await saveBlobMetrics(trx, fresh);
    await saveSnapshot(trx, repoId, {
      commit: target,
      windowStart,
      files,
      storedFiles,
      imports: graph.edges,
      unresolved: graph.unresolved,
      external: graph.external,
      couplings,
    });
  });
  options.onProgress?.({ phase: 'saving', done: files.length, total: files.length });
  const excludedFiles = files.filter((f) => f.excluded !== null).length;
  return {
    files: files.length,
    measuredFiles: files.length - excludedFiles,
    excludedFiles,
    excludedByReason,
    blobsMeasured: fresh.length,
    imports: graph.edges.length,
    unresolvedImports: graph.unresolved.length,
    externalImports: graph.external.length,
    couplings: couplings.length,
  };
}
