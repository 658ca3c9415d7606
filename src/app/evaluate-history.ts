/**
 * `tpo eval`: replays a repository's first-parent history oldest to newest and scores the localization, co-change
 * and size predictions on a seeded sample of its newest quarter, each prediction made with only the history
 * before the change set (issue 4's protocol; shared/eval's harness uses the same one).
 */
import {
  mineFirstParentHistory,
  openRepository,
  readBlobs,
  resolveCommit,
  scanRelativeImportSpecifiers,
  type FileChangeWithBlobs,
} from '../codebase/index.js';
import { TpoError } from '../domain/index.js';
import {
  cleanMessage,
  countContentTerms,
  ELIGIBILITY_FILTERS,
  getAveragePrecision,
  getEligibility,
  getExistingPaths,
  getHitAtK,
  getMedianSize,
  getPrecisionAtK,
  getRecallAtK,
  getReciprocalRank,
  getTitle,
  getTouchedPaths,
  FIT_SAMPLE,
  Locator,
  MAX_CO_CHANGE_FIT,
  pickCoChangeQuery,
  sampleSeeded,
  summarise,
  type HistoryChangeSet,
  type LocatorFit,
  type SkipReason,
} from '../judgment/index.js';

export interface EvaluateOptions {
  /** Evaluated change sets (default 300). */
  readonly sample?: number;
  readonly seed?: number;
  /** Revision whose first-parent history is replayed (default HEAD). */
  readonly until?: string;
  /** Localization fitting change sets, drawn from the quarter of history before the evaluated one (default 200). */
  readonly fitSample?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface Metric {
  readonly mean: number;
  readonly ci95: number;
  readonly n: number;
}

export interface LocalizationMetrics {
  readonly top1: Metric;
  readonly top5: Metric;
  readonly top10: Metric;
  readonly map: Metric;
  readonly mrr: Metric;
  readonly recall10: Metric;
}

export interface CoChangeMetrics {
  readonly precision3: Metric;
  readonly recall3: Metric;
  readonly hit3: Metric;
  readonly feedback3: Metric;
  readonly precision10: Metric;
  readonly recall10: Metric;
  readonly hit10: Metric;
}

export interface SizeMetrics {
  /** Mean absolute error of the predicted number of paths (files) and lines, and of the median baseline. */
  readonly files: { readonly mae: number; readonly baselineMae: number; readonly reduction: number };
  readonly lines: { readonly mae: number; readonly baselineMae: number; readonly reduction: number };
  readonly n: number;
}

export interface EvaluationReport {
  readonly repo: string;
  readonly head: string;
  readonly seed: number;
  readonly changeSets: number;
  readonly eligible: number;
  readonly filters: readonly {
    readonly reason: SkipReason;
    readonly rule: string;
    readonly skipped: number;
  }[];
  readonly evaluationPool: number;
  readonly evaluated: number;
  readonly fitting: { readonly pool: number; readonly sampled: number; readonly fit: LocatorFit };
  /** Share of the evaluated change sets' paths that were new (added, rename targets): no ranking can find them. */
  readonly newFileShare: number;
  /** Evaluated change sets with only new files (left out of localization). */
  readonly onlyNewFiles: number;
  readonly localization: { readonly full: LocalizationMetrics; readonly title: LocalizationMetrics };
  readonly coChange: CoChangeMetrics;
  readonly size: SizeMetrics;
  readonly durationMs: number;
  /** Median and 95th percentile time of one localization query, milliseconds. */
  readonly queryMs: { readonly p50: number; readonly p95: number };
}

function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

interface LocalizationScores {
  top1: number[];
  top5: number[];
  top10: number[];
  ap: number[];
  rr: number[];
  recall10: number[];
}

function emptyScores(): LocalizationScores {
  return { top1: [], top5: [], top10: [], ap: [], rr: [], recall10: [] };
}

function summariseLocalization(s: LocalizationScores): LocalizationMetrics {
  return {
    top1: summarise(s.top1),
    top5: summarise(s.top5),
    top10: summarise(s.top10),
    map: summarise(s.ap),
    mrr: summarise(s.rr),
    recall10: summarise(s.recall10),
  };
}

/** Files whose content says nothing in words (images, fonts, archives, lockfiles). */
const NO_TEXT =
  /\.(png|jpe?g|gif|ico|webp|avif|bmp|svg|woff2?|ttf|eot|otf|zip|gz|tgz|br|wasm|pdf|mp4|webm|mp3|wav|lock)$|(^|\/)(package-lock\.json|pnpm-lock\.yaml|yarn\.lock)$/i;

/** Whether a file's content is worth reading for identifiers. */
export function isTextCandidate(path: string): boolean {
  return !NO_TEXT.test(path);
}

/** Scripts whose relative imports are read (JavaScript, TypeScript and their single-file components). */
const SCRIPT = /\.(?:[cm]?[jt]sx?|vue|svelte)$/i;

/** What the index keeps of one file's text: its identifier terms and, for a script, its relative imports. */
export function readFileText(
  path: string,
  content: Buffer,
): { terms: Map<string, number>; imports: string[] } {
  const text = content.subarray(0, 100_000).toString('utf8');
  return {
    terms: countContentTerms(text),
    imports: SCRIPT.test(path) ? scanRelativeImportSpecifiers(text) : [],
  };
}

/**
 * Reads the contents of the files each change set adds or modifies (one `git cat-file` for the whole chunk) and
 * returns the change sets with their content terms and relative imports attached.
 */
export async function attachContents(
  gitDir: string,
  chunk: readonly HistoryChangeSet[],
): Promise<HistoryChangeSet[]> {
  // A blob is read once, as a script when any path it appears under is one.
  const wanted = new Map<string, string>();
  for (const cs of chunk)
    for (const c of cs.changes as readonly FileChangeWithBlobs[])
      if (
        c.status !== 'D' &&
        c.newBlob &&
        isTextCandidate(c.path) &&
        !SCRIPT.test(wanted.get(c.newBlob) ?? '')
      )
        wanted.set(c.newBlob, c.path);
  const read = new Map<string, ReturnType<typeof readFileText>>();
  await readBlobs(gitDir, [...wanted.keys()], (blob, content) => {
    const head = content.subarray(0, 8000);
    if (head.includes(0)) return;
    read.set(blob, readFileText(wanted.get(blob)!, content));
  });
  return chunk.map((cs) => {
    const contents = new Map<string, Map<string, number>>();
    const imports = new Map<string, string[]>();
    for (const c of cs.changes as readonly FileChangeWithBlobs[]) {
      const r = c.newBlob ? read.get(c.newBlob) : undefined;
      if (!r) continue;
      contents.set(c.path, r.terms);
      if (r.imports.length > 0 && SCRIPT.test(c.path)) imports.set(c.path, r.imports);
    }
    return { ...cs, contents, imports };
  });
}

/** Reads the first-parent history of `until` (default HEAD) as the localization model learns it. */
export async function loadFirstParentHistory(gitDir: string, until: string): Promise<HistoryChangeSet[]> {
  const history: HistoryChangeSet[] = [];
  for await (const c of mineFirstParentHistory(gitDir, until)) {
    history.push({
      sha: c.sha,
      message: c.message,
      authorName: c.authorName,
      authorEmail: c.authorEmail,
      time: c.commitTime,
      changes: c.changes,
    });
  }
  return history;
}

/**
 * Replays the history and scores the predictions.
 * @example
 * const report = await evaluateHistory('/work/corpora/fastify', { sample: 300, seed: 13 });
 * report.localization.title.map.mean; // e.g. 0.52
 */
export async function evaluateHistory(
  repoPath: string,
  options: EvaluateOptions = {},
): Promise<EvaluationReport> {
  const started = performance.now();
  const seed = options.seed ?? 13;
  const repo = await openRepository(repoPath);
  const head = await resolveCommit(repo, options.until ?? 'HEAD');
  if (head === null)
    throw new TpoError('Invalid', `${repo.root} has no commits: there is no history to evaluate on.`, {
      repo: repo.root,
    });
  const history = await loadFirstParentHistory(repo.gitDir, head);
  const { eligible, skipped } = getEligibility(history);
  const n = eligible.length;
  const evalPool = eligible.slice(Math.floor(n * 0.75));
  const fitPool = eligible.slice(Math.floor(n * 0.5), Math.floor(n * 0.75));
  const evaluated = new Set(sampleSeeded(evalPool, options.sample ?? 300, seed));
  const fitting = new Set(sampleSeeded(fitPool, options.fitSample ?? FIT_SAMPLE, seed + 1));
  const coFitting = new Set(fitPool.slice(-MAX_CO_CHANGE_FIT));
  const fitAt = evalPool[0] ?? history.length;
  if (evaluated.size === 0)
    throw new TpoError(
      'Invalid',
      `${repo.root} has ${n} eligible change sets: too few to evaluate on (the newest quarter is evaluated).`,
      { eligible: n },
    );

  const locator = new Locator();
  const full = emptyScores();
  const title = emptyScores();
  const co = {
    p3: [] as (number | null)[],
    r3: [] as number[],
    hit3: [] as number[],
    feedback: [] as number[],
    p10: [] as (number | null)[],
    r10: [] as number[],
    hit10: [] as number[],
  };
  const size = { files: 0, lines: 0, baseFiles: 0, baseLines: 0, n: 0 };
  let newPaths = 0;
  let allPaths = 0;
  let onlyNew = 0;
  let fit: LocatorFit = locator.fit;
  const queryTimes: number[] = [];
  let done = 0;
  const CHUNK = 400;
  let chunk: HistoryChangeSet[] = [];
  for (let i = 0; i < history.length; i += 1) {
    if (i % CHUNK === 0) chunk = await attachContents(repo.gitDir, history.slice(i, i + CHUNK));
    const cs = chunk[i % CHUNK]!;
    if (i === fitAt) fit = locator.fitExamples();
    if (fitting.has(i) || coFitting.has(i))
      locator.recordExample(cs, seed, { locate: fitting.has(i), coChange: coFitting.has(i) });
    if (evaluated.has(i)) {
      const touched = getTouchedPaths(cs.changes);
      const existing = getExistingPaths(cs.changes).filter((p) => locator.index.files.has(p));
      allPaths += touched.length;
      newPaths += touched.length - existing.length;
      const cleaned = cleanMessage(cs.message);
      if (existing.length === 0) onlyNew += 1;
      else {
        const relevant = new Set(existing);
        for (const [text, scores] of [
          [cleaned, full],
          [getTitle(cleaned), title],
        ] as const) {
          const t0 = performance.now();
          const ranking = locator.locate(text, 100).map((f) => f.path);
          queryTimes.push(performance.now() - t0);
          scores.top1.push(getHitAtK(ranking, relevant, 1));
          scores.top5.push(getHitAtK(ranking, relevant, 5));
          scores.top10.push(getHitAtK(ranking, relevant, 10));
          scores.ap.push(getAveragePrecision(ranking, relevant));
          scores.rr.push(getReciprocalRank(ranking, relevant));
          scores.recall10.push(getRecallAtK(ranking, relevant, 10));
        }
      }
      const query = pickCoChangeQuery(existing, seed, cs.sha);
      if (query !== null) {
        const expected = new Set(existing.filter((p) => p !== query));
        const ranking = locator.coChanges(query, 10).map((c) => c.path);
        co.p3.push(getPrecisionAtK(ranking, expected, 3));
        co.r3.push(getRecallAtK(ranking, expected, 3));
        co.hit3.push(getHitAtK(ranking, expected, 3));
        co.feedback.push(ranking.length > 0 ? 1 : 0);
        co.p10.push(getPrecisionAtK(ranking, expected, 10));
        co.r10.push(getRecallAtK(ranking, expected, 10));
        co.hit10.push(getHitAtK(ranking, expected, 10));
      }
      if (locator.index.sets.length > 0) {
        const predicted = locator.size(cs.message);
        const baseline = getMedianSize(locator.index);
        const lines = cs.changes.reduce((s, c) => s + (c.added ?? 0) + (c.deleted ?? 0), 0);
        size.files += Math.abs(predicted.files - touched.length);
        size.lines += Math.abs(predicted.lines - lines);
        size.baseFiles += Math.abs(baseline.files - touched.length);
        size.baseLines += Math.abs(baseline.lines - lines);
        size.n += 1;
      }
      done += 1;
      options.onProgress?.(done, evaluated.size);
    }
    locator.observe(cs);
  }
  const mae = (x: number): number => (size.n > 0 ? x / size.n : 0);
  const reduction = (m: number, b: number): number => (b > 0 ? 1 - m / b : 0);
  return {
    repo: repo.name,
    head,
    seed,
    changeSets: history.length,
    eligible: n,
    filters: ELIGIBILITY_FILTERS.map((f) => ({ ...f, skipped: skipped[f.reason] ?? 0 })),
    evaluationPool: evalPool.length,
    evaluated: evaluated.size,
    fitting: { pool: fitPool.length, sampled: fitting.size, fit },
    newFileShare: allPaths > 0 ? newPaths / allPaths : 0,
    onlyNewFiles: onlyNew,
    localization: { full: summariseLocalization(full), title: summariseLocalization(title) },
    coChange: {
      precision3: summarise(co.p3),
      recall3: summarise(co.r3),
      hit3: summarise(co.hit3),
      feedback3: summarise(co.feedback),
      precision10: summarise(co.p10),
      recall10: summarise(co.r10),
      hit10: summarise(co.hit10),
    },
    size: {
      files: {
        mae: mae(size.files),
        baselineMae: mae(size.baseFiles),
        reduction: reduction(size.files, size.baseFiles),
      },
      lines: {
        mae: mae(size.lines),
        baselineMae: mae(size.baseLines),
        reduction: reduction(size.lines, size.baseLines),
      },
      n: size.n,
    },
    durationMs: Math.round(performance.now() - started),
    queryMs: { p50: round1(quantile(queryTimes, 0.5)), p95: round1(quantile(queryTimes, 0.95)) },
  };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
