/**
 * Review of a branch or pull request: what it changes, the complexity and debt markers it adds, the files that
 * usually change with it but are missing, the modules it reaches, who should review it, and its risk.
 */
import {
  computeRenameAliases,
  createImportExtractor,
  getLanguage,
  getPathExclusion,
  getTransitiveDependents,
  isAncestor,
  isBinary,
  isCodeLanguage,
  measureText,
  readBlobs,
  readBranchChange,
  resolveCommit,
  type FileChangeWithBlobs,
  type RepositoryHandle,
} from '../codebase/index.js';
import {
  TpoError,
  RISK_LEVELS,
  type FileMeasures,
  type NewMarker,
  type ReviewedFile,
  type ReviewReport,
  type RiskLevel,
  type ServedItem,
} from '../domain/index.js';
import {
  createGlobMatcher,
  DEFAULT_DEBT_CANDIDATE_OPTIONS,
  DEFAULT_MISSING_CO_CHANGE_OPTIONS,
  computeReviewJudgment,
  createCoChangeIndex,
  findItemReferences,
  findMissingCoChanges,
  type MissingCoChangeOptions,
} from '../judgment/index.js';
import { createReviewSarif, renderReviewMarkdown, renderReviewText } from '../formats/index.js';
import { loadChangeSetFiles, loadRenames, loadRepoByRoot, type Store } from '../store/index.js';
import { listItems } from './backlog.js';
import { loadHealthModel } from './code-health.js';
import { scanRepository } from './scan.js';

export interface ReviewOptions {
  /**
   * `base..head`, `base...head` (both mean: head against its merge base with base), or `base` (head = HEAD).
   * Default: the repository's default branch (origin/HEAD, origin/main, main, master) against HEAD.
   */
  readonly range?: string;
  /** Item ids given with `--item`. */
  readonly itemIds?: readonly string[];
  /**
   * Seam for the backlog and localization: the items the change serves, with their areas. When given, they replace
   * the ids found in `--item` and in references, and enable the scope-creep check.
   */
  readonly items?: readonly ServedItem[];
  readonly missingCoChange?: Partial<MissingCoChangeOptions>;
}

/** What a review compares against when no range is given, first that exists. */
export const DEFAULT_BASES = ['origin/HEAD', 'origin/main', 'origin/master', 'main', 'master'];

/**
 * The backlog items a change names (`T-42` by id, `#123` by a tracker's key), with their declared areas expanded to
 * the files of the scanned commit. A reference the backlog does not know is kept with its id as its title.
 */
async function resolveServedItems(
  store: Store,
  refs: readonly { id: string; via: ServedItem['via'] }[],
  paths: readonly string[],
): Promise<ServedItem[]> {
  if (refs.length === 0) return [];
  const items = await listItems(store);
  return refs.map(({ id, via }) => {
    // `#123` is a GitHub issue: its key is `owner/name#123`.
    const item = id.startsWith('#')
      ? items.find((i) => i.external?.tracker === 'github' && i.external.key.endsWith(id))
      : items.find((i) => i.id === id.toUpperCase());
    if (!item) return { id, title: id, via, area: [] };
    const inArea = createGlobMatcher(item.areas);
    return { id: item.id, title: item.title, via, area: item.areas.length > 0 ? paths.filter(inArea) : [] };
  });
}

async function resolveRange(
  repo: RepositoryHandle,
  range: string | undefined,
): Promise<{ baseRef: string; headRef: string; base: string; head: string }> {
  let baseRef: string | undefined;
  let headRef = 'HEAD';
  if (range !== undefined && range !== '') {
    const m = /^(.*?)\.\.\.?(.*)$/.exec(range);
    if (m) {
      baseRef = m[1] || 'HEAD';
      headRef = m[2] || 'HEAD';
    } else baseRef = range;
  }
  if (baseRef === undefined) {
    for (const candidate of DEFAULT_BASES) {
      const sha = await resolveCommit(repo, candidate).catch(() => null);
      if (sha !== null) {
        baseRef = candidate;
        break;
      }
    }
    if (baseRef === undefined)
      throw new TpoError(
        'Invalid',
        'no default branch to review against (origin/HEAD, main or master); give a range such as "main..my-branch".',
      );
  }
  const base = await resolveCommit(repo, baseRef);
  const head = await resolveCommit(repo, headRef);
  if (base === null || head === null)
    throw new TpoError('Invalid', 'the repository has no commits yet: nothing to review.');
  return { baseRef, headRef, base, head };
}

type Extractor = Awaited<ReturnType<typeof createImportExtractor>>;

interface BlobReading {
  readonly measures: FileMeasures;
  readonly markers: readonly { line: number; kind: NewMarker['kind']; text: string }[];
}

/** Measures the blobs on both sides of the change (text files that tpo measures; binary ones are skipped). */
async function measureBlobs(
  repo: RepositoryHandle,
  changes: readonly FileChangeWithBlobs[],
): Promise<Map<string, BlobReading>> {
  const wanted = new Map<string, string>();
  for (const c of changes) {
    if (c.oldBlob !== null && getPathExclusion(c.oldPath ?? c.path) === null)
      wanted.set(c.oldBlob, c.oldPath ?? c.path);
    if (c.newBlob !== null && getPathExclusion(c.path) === null) wanted.set(c.newBlob, c.path);
  }
  const out = new Map<string, BlobReading>();
  if (wanted.size === 0) return out;
  let extractor: Extractor | null = null;
  const texts: [string, string, string][] = [];
  await readBlobs(repo.gitDir, [...wanted.keys()], (blob, content) => {
    if (isBinary(content)) return;
    texts.push([blob, wanted.get(blob)!, content.toString('utf8')]);
  });
  for (const [blob, path, text] of texts) {
    const language = getLanguage(path);
    const m = measureText(text, language);
    extractor ??= await createImportExtractor();
    const extracted = extractor.extract(path, text);
    out.set(blob, {
      measures: { loc: m.loc, complexity: m.complexity, cyclomatic: extracted ? extracted.cyclomatic : null },
      markers: m.markers,
    });
  }
  return out;
}

/** Markers at the head that were not at the base (same kind and text), with their line at the head. */
function findNewMarkers(
  path: string,
  before: BlobReading | undefined,
  after: BlobReading | undefined,
): NewMarker[] {
  if (!after) return [];
  const old = new Map<string, number>();
  for (const m of before?.markers ?? [])
    old.set(`${m.kind}\0${m.text}`, (old.get(`${m.kind}\0${m.text}`) ?? 0) + 1);
  const out: NewMarker[] = [];
  for (const m of after.markers) {
    const key = `${m.kind}\0${m.text}`;
    const n = old.get(key) ?? 0;
    if (n > 0) old.set(key, n - 1);
    else out.push({ path, line: m.line, kind: m.kind, text: m.text });
  }
  return out;
}

/**
 * Reviews a branch or pull request against the scanned code model. When the repository was never scanned, or was
 * scanned at an ancestor of the merge base, it is scanned up to the merge base first (incrementally), so history
 * holds what came before the change. A store that is ahead of the merge base is used as it is.
 *
 * @example
 * const report = await reviewChange(ws.repo, ws.store, { range: 'main..feature/T-42-login' });
 * report.risk.level; // 'medium'
 */
export async function reviewChange(
  repo: RepositoryHandle,
  store: Store,
  options: ReviewOptions = {},
): Promise<ReviewReport> {
  const { baseRef, headRef, base, head } = await resolveRange(repo, options.range);
  const change = await readBranchChange(repo, base, head);
  const notices: string[] = [];
  const existing = await loadRepoByRoot(store.db, repo.root);
  if (!existing || existing.snapshot_commit === null) {
    await scanRepository(repo, store, { until: change.mergeBase });
    notices.push(`the repository was scanned up to the merge base ${change.mergeBase.slice(0, 12)} first.`);
  } else if (existing.snapshot_commit !== change.mergeBase) {
    if (await isAncestor(repo, existing.snapshot_commit, change.mergeBase)) {
      // The store is behind the base branch: read what came since, up to the merge base (incremental).
      await scanRepository(repo, store, { until: change.mergeBase });
      notices.push(
        `the store was brought forward from ${existing.snapshot_commit.slice(0, 12)} to the merge base ${change.mergeBase.slice(0, 12)}.`,
      );
    } else if (!(await isAncestor(repo, change.mergeBase, existing.snapshot_commit))) {
      notices.push(
        `the store describes ${existing.snapshot_commit.slice(0, 12)}, which does not contain the merge base ${change.mergeBase.slice(0, 12)}: run "tpo scan" on the base branch for current figures.`,
      );
    }
  }
  const model = await loadHealthModel(repo, store);

  // Measures before and after.
  const readings = await measureBlobs(repo, change.changes);
  const snapshot = new Map(model.files.map((f) => [f.path, f]));
  const hotspotTop = Math.max(
    DEFAULT_DEBT_CANDIDATE_OPTIONS.hotspotMinCount,
    Math.ceil(model.health.length * DEFAULT_DEBT_CANDIDATE_OPTIONS.hotspotShare),
  );
  const hotspotRank = new Map(model.hotspots.slice(0, hotspotTop).map((h) => [h.path, h.rank]));
  const files: ReviewedFile[] = [];
  const newMarkers: NewMarker[] = [];
  for (const c of change.changes) {
    const before = c.oldBlob !== null ? readings.get(c.oldBlob) : undefined;
    const after = c.newBlob !== null ? readings.get(c.newBlob) : undefined;
    const known = c.oldPath ?? c.path;
    const health = model.healthByPath.get(known) ?? model.healthByPath.get(c.path) ?? null;
    files.push({
      path: c.path,
      oldPath: c.oldPath,
      status: c.status,
      isCode: isCodeLanguage(getLanguage(c.path)),
      added: c.added,
      deleted: c.deleted,
      before: before?.measures ?? null,
      after: after?.measures ?? null,
      complexityAdded: (after?.measures.complexity ?? 0) - (before?.measures.complexity ?? 0),
      cyclomaticAdded:
        after?.measures.cyclomatic != null || before?.measures.cyclomatic != null
          ? (after?.measures.cyclomatic ?? 0) - (before?.measures.cyclomatic ?? 0)
          : null,
      health: health?.score ?? null,
      band: health?.band ?? null,
      hotspotRank: hotspotRank.get(known) ?? hotspotRank.get(c.path) ?? null,
    });
    newMarkers.push(...findNewMarkers(c.path, before, after));
  }

  // Missing co-changes, from change sets before the change (the branch's own commits left out).
  const aliases = computeRenameAliases(await loadRenames(store.db, model.row.id));
  const own = new Set(change.commits);
  const index = createCoChangeIndex();
  for (const cs of await loadChangeSetFiles(store.db, model.row.id, { maxFiles: 30 })) {
    if (!own.has(cs.sha)) index.add(cs.paths.map((p) => aliases.get(p) ?? p));
  }
  const changedNames = change.changes.flatMap((c) => [
    aliases.get(c.path) ?? c.path,
    ...(c.oldPath !== null ? [aliases.get(c.oldPath) ?? c.oldPath] : []),
  ]);
  const missingCoChanges = findMissingCoChanges(
    changedNames,
    index,
    { ...DEFAULT_MISSING_CO_CHANGE_OPTIONS, ...options.missingCoChange },
    (p) => snapshot.get(p)?.excluded === null,
  );

  // Modules reached through the import graph.
  const reached = new Map<string, Set<string>>();
  const graph = { edges: model.imports };
  const touch = (path: string): void => {
    const module = model.modules.moduleOf(path);
    const set = reached.get(module) ?? new Set<string>();
    set.add(path);
    reached.set(module, set);
  };
  for (const c of change.changes) {
    touch(c.path);
    const known = c.oldPath ?? c.path;
    if (snapshot.has(known)) for (const d of getTransitiveDependents(graph, known)) touch(d.path);
  }
  const modulesReached = [...reached]
    .map(([module, set]) => ({ module, files: set.size }))
    .sort((a, b) => b.files - a.files || (a.module < b.module ? -1 : 1));

  // Items served: given by the caller, else the ids of --item and references, with their areas from the backlog.
  const headName = /^[0-9a-f]{7,40}$/.test(headRef) || headRef === 'HEAD' ? [] : [headRef];
  const items: ServedItem[] =
    options.items !== undefined
      ? [...options.items]
      : await resolveServedItems(
          store,
          [
            ...(options.itemIds ?? []).map((id) => ({ id, via: 'option' as const })),
            ...findItemReferences([...headName, ...change.messages])
              .filter((id) => !(options.itemIds ?? []).includes(id))
              .map((id) => ({ id, via: 'reference' as const })),
          ],
          [...snapshot.keys()],
        );

  // The change's authors as the people the store knows (one person's other spellings are not their reviewers).
  const changeAuthors = [...new Set(change.authors.map((a) => model.people.get(a) ?? a))];
  const judgment = computeReviewJudgment({
    files,
    newMarkers,
    missingCoChanges,
    modulesReached,
    fileAuthors: new Map(model.files.map((f) => [f.path, f.authors])),
    changeAuthors,
    inactiveAuthors: new Set(model.inactiveAuthors.keys()),
    items,
  });
  if (change.changes.length === 0) notices.push(`${headRef} changes nothing against ${baseRef}.`);
  return {
    base: baseRef,
    head: headRef,
    mergeBase: change.mergeBase,
    authors: change.authors,
    files,
    hotspotsTouched: judgment.hotspotsTouched,
    complexityAdded: judgment.complexityAdded,
    complexityFlagged: judgment.complexityFlagged,
    newMarkers,
    missingCoChanges,
    modulesReached,
    reviewers: judgment.reviewers,
    items,
    outsideArea: judgment.outsideArea,
    risk: judgment.risk,
    notices,
  };
}

/** True when the report's risk is at or above `level` (the `--fail-on` gate). */
export function isRiskAtLeast(report: ReviewReport, level: RiskLevel): boolean {
  return RISK_LEVELS.indexOf(report.risk.level) >= RISK_LEVELS.indexOf(level);
}

export type ReviewFormat = 'text' | 'markdown' | 'json' | 'sarif';

/**
 * The report in one of the output formats: text for a terminal, Markdown for a pull-request comment, JSON, or
 * SARIF 2.1.0 for GitHub code scanning.
 */
export function formatReview(report: ReviewReport, format: ReviewFormat, version: string): string {
  switch (format) {
    case 'markdown':
      return renderReviewMarkdown(report);
    case 'sarif':
      return `${JSON.stringify(createReviewSarif(report, version), null, 2)}\n`;
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    default:
      return renderReviewText(report);
  }
}
