/**
 * The localization model as one object: the index, the fitted weights and settings, and the self-supervised
 * fitting on the repository's own history (every past change set is a message -> files example). `trainLocator`
 * replays a history and fits on its newest quarter; `tpo eval` drives the same object through a replay of its own.
 * Pure and deterministic (seeded). Rationale: ./locate-rationale.md.
 */
import { createRandom } from '../forecast-completion.js';
import { cleanMessage, getSkipReason, getTitle, type SkipReason } from './clean-message.js';
import {
  getExistingPaths,
  getTouchedPaths,
  LocateIndex,
  type HistoryChangeSet,
} from './create-locate-index.js';
import { getHitAtK, getRecallAtK } from './compute-retrieval-metrics.js';
import { fitLocateModel, type FitExample } from './fit-locate-model.js';
import {
  chooseCoChangeSettings,
  CO_CHANGE_GRID,
  DEFAULT_CO_CHANGE_SETTINGS,
  predictCoChanges,
  predictFusedCoChanges,
  type CoChangeSettings,
  type PredictedCoChange,
} from './predict-co-changes.js';
import {
  DEFAULT_SIZE_NEIGHBOURS,
  getMedianSize,
  predictSize,
  predictSizes,
  SIZE_NEIGHBOUR_GRID,
  type SizePrediction,
} from './predict-size.js';
import {
  computeFeatures,
  DEFAULT_LOCATE_MODEL,
  LOCATE_SETTINGS,
  rankFiles,
  scoreRow,
  type LocatedFile,
  type LocateModel,
} from './rank-files.js';

/**
 * The definitions a fit's weights were learned for. Raise it when a ranking feature comes to measure something else
 * (as the file-name mentions did for numbered and dotted names, 28 November 2026: version 2), so that fits cached
 * in stores are refitted instead of reused (reviveFit).
 */
export const LOCATE_FIT_VERSION = 2;

/** What was fitted, for reports and for reuse on a later commit. */
export interface LocatorFit {
  /** LOCATE_FIT_VERSION when it was fitted. */
  readonly version: number;
  /** For one-line texts (titles). */
  readonly model: LocateModel;
  /** For texts with a description (several lines); the same model since both are fitted on both forms. */
  readonly fullModel: LocateModel;
  /** The co-change settings that fit best. */
  readonly coChange: CoChangeSettings;
  /** The settings whose rankings are fused, `coChange` first: those the fitting examples cannot tell apart. */
  readonly coChangeFused: readonly CoChangeSettings[];
  readonly sizeNeighbours: number;
  /** Fitting examples used: localization queries (both forms), co-change queries, size queries. */
  readonly examples: { readonly locate: number; readonly coChange: number; readonly size: number };
}

export const DEFAULT_LOCATOR_FIT: LocatorFit = {
  version: LOCATE_FIT_VERSION,
  model: DEFAULT_LOCATE_MODEL,
  fullModel: DEFAULT_LOCATE_MODEL,
  coChange: DEFAULT_CO_CHANGE_SETTINGS,
  coChangeFused: [DEFAULT_CO_CHANGE_SETTINGS],
  sizeNeighbours: DEFAULT_SIZE_NEIGHBOURS,
  examples: { locate: 0, coChange: 0, size: 0 },
};

/** Which model reads a text: `full` when it has a description (more than one non-empty line), else `title`. */
export function getQueryForm(text: string): 'title' | 'full' {
  return text.split('\n').filter((line) => line.trim() !== '').length > 1 ? 'full' : 'title';
}

/** FNV-1a of a string, for per-query seeds. */
export function hashSeed(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** A seeded sample of `k` items (all when there are fewer), kept in their original order. */
export function sampleSeeded<T>(items: readonly T[], k: number, seed: number): T[] {
  if (items.length <= k) return [...items];
  const random = createRandom(seed);
  const idx = items.map((_, i) => i);
  for (let i = 0; i < k; i += 1) {
    const j = i + Math.floor(random() * (idx.length - i));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx
    .slice(0, k)
    .sort((a, b) => a - b)
    .map((i) => items[i]!);
}

/** The co-change query of a change set: one of its existing files, drawn with a per-change-set seed. */
export function pickCoChangeQuery(existing: readonly string[], seed: number, sha: string): string | null {
  if (existing.length < 2) return null;
  const sorted = [...existing].sort();
  return sorted[Math.floor(createRandom(hashSeed(`${seed}:C:${sha}`))() * sorted.length)]!;
}

export interface Eligibility {
  /** Positions (in the history) of change sets that are realistic work items. */
  readonly eligible: readonly number[];
  readonly skipped: Readonly<Partial<Record<SkipReason, number>>>;
}

/** Which change sets of a history are realistic work items (clean-message.ts ELIGIBILITY_FILTERS). */
export function getEligibility(history: readonly HistoryChangeSet[]): Eligibility {
  const eligible: number[] = [];
  const skipped: Partial<Record<SkipReason, number>> = {};
  history.forEach((cs, i) => {
    const reason = getSkipReason({
      message: cs.message,
      authorName: cs.authorName,
      authorEmail: cs.authorEmail,
      pathCount: getTouchedPaths(cs.changes).length,
      isRoot: i === 0,
    });
    if (reason === null) eligible.push(i);
    else skipped[reason] = (skipped[reason] ?? 0) + 1;
  });
  return { eligible, skipped };
}

interface CoChangeExample {
  readonly rankings: readonly string[][];
  readonly expected: ReadonlySet<string>;
}

interface SizeExample {
  readonly predictions: readonly SizePrediction[];
  readonly baseline: SizePrediction;
  readonly files: number;
  readonly lines: number;
}

/** Index + fitted settings; learns one change set at a time, oldest first. */
export class Locator {
  constructor(readonly index: LocateIndex = new LocateIndex()) {}

  fit: LocatorFit = DEFAULT_LOCATOR_FIT;
  private readonly locateExamples: FitExample[] = [];
  private readonly coChangeExamples: CoChangeExample[] = [];
  private readonly sizeExamples: SizeExample[] = [];

  /** Learns a change set; with `tree`, also applies its adds, deletes and renames to the current files. */
  observe(cs: HistoryChangeSet, tree = true): void {
    this.index.observe(cs);
    if (tree) this.index.applyTree(cs.changes, cs.contents, cs.imports);
  }

  /**
   * Records `cs` as a fitting example against what is known now (call before observing it): for localization and
   * size (`locate`), for co-change (`coChange`).
   */
  recordExample(cs: HistoryChangeSet, seed: number, kinds = { locate: true, coChange: true }): void {
    const existing = getExistingPaths(cs.changes).filter((p) => this.index.files.has(p));
    const cleaned = cleanMessage(cs.message);
    if (kinds.locate && existing.length > 0) {
      const relevant = new Set(existing);
      for (const text of [cleaned, getTitle(cleaned)]) {
        const table = computeFeatures(this.index, text, DEFAULT_LOCATE_MODEL.weights);
        const kept = table.rows
          .map((row, i) => ({ row, i, s: scoreRow(row, DEFAULT_LOCATE_MODEL.weights) }))
          .sort((a, b) => b.s - a.s || a.i - b.i)
          .slice(0, LOCATE_SETTINGS.fitCandidates);
        this.locateExamples.push({
          rows: kept.map((k) => k.row),
          relevant: kept.map((k) => relevant.has(table.paths[k.i]!)),
          relevantTotal: relevant.size,
        });
      }
    }
    const query = kinds.coChange ? pickCoChangeQuery(existing, seed, cs.sha) : null;
    if (query !== null) {
      this.coChangeExamples.push({
        rankings: CO_CHANGE_GRID.map((s) => predictCoChanges(this.index, query, s, 10).map((c) => c.path)),
        expected: new Set(existing.filter((p) => p !== query)),
      });
    }
    if (kinds.locate && this.index.sets.length > 0) {
      const sizes = predictSizes(this.index, cleaned, SIZE_NEIGHBOUR_GRID);
      this.sizeExamples.push({
        predictions: SIZE_NEIGHBOUR_GRID.map((k) => sizes.get(k)!),
        baseline: getMedianSize(this.index),
        files: getTouchedPaths(cs.changes).length,
        lines: cs.changes.reduce((s, c) => s + (c.added ?? 0) + (c.deleted ?? 0), 0),
      });
    }
  }

  /** Fits weights, co-change and size settings on the recorded examples, then forgets them. */
  fitExamples(): LocatorFit {
    // One model for both forms, fitted on both: separate fits (texts with a description got their own from 100
    // examples) scored 0.003 to 0.008 MAP lower on the held-out change sets of express and fastify.
    const model = fitLocateModel(this.locateExamples);
    const fullModel = model;
    let coChangeFused: readonly CoChangeSettings[] = [DEFAULT_CO_CHANGE_SETTINGS];
    if (this.coChangeExamples.length >= 20)
      coChangeFused = chooseCoChangeSettings(
        CO_CHANGE_GRID,
        CO_CHANGE_GRID.map((_, g) =>
          this.coChangeExamples.map(
            (ex) =>
              getHitAtK(ex.rankings[g]!, ex.expected, 3) + getRecallAtK(ex.rankings[g]!, ex.expected, 10),
          ),
        ),
      );
    let sizeNeighbours = DEFAULT_SIZE_NEIGHBOURS;
    if (this.sizeExamples.length >= 20) {
      const baseFiles = mae(this.sizeExamples, (e) => e.baseline.files, 'files') || 1;
      const baseLines = mae(this.sizeExamples, (e) => e.baseline.lines, 'lines') || 1;
      let best = Infinity;
      SIZE_NEIGHBOUR_GRID.forEach((k, g) => {
        const err =
          mae(this.sizeExamples, (e) => e.predictions[g]!.files, 'files') / baseFiles +
          mae(this.sizeExamples, (e) => e.predictions[g]!.lines, 'lines') / baseLines;
        if (err < best - 1e-9) {
          best = err;
          sizeNeighbours = k;
        }
      });
    }
    this.fit = {
      version: LOCATE_FIT_VERSION,
      model,
      fullModel,
      coChange: coChangeFused[0]!,
      coChangeFused,
      sizeNeighbours,
      examples: {
        locate: model.fittedOn,
        coChange: this.coChangeExamples.length,
        size: this.sizeExamples.length,
      },
    };
    this.locateExamples.length = 0;
    this.coChangeExamples.length = 0;
    this.sizeExamples.length = 0;
    return this.fit;
  }

  locate(text: string, limit = 20): LocatedFile[] {
    const model = getQueryForm(text) === 'full' ? this.fit.fullModel : this.fit.model;
    return rankFiles(this.index, text, model, limit);
  }

  coChanges(file: string, limit = 10): PredictedCoChange[] {
    return predictFusedCoChanges(this.index, file, this.fit.coChangeFused, limit);
  }

  size(text: string): SizePrediction {
    return predictSize(this.index, cleanMessage(text), this.fit.sizeNeighbours);
  }
}

function mae(
  examples: readonly SizeExample[],
  pick: (e: SizeExample) => number,
  key: 'files' | 'lines',
): number {
  return examples.reduce((s, e) => s + Math.abs(pick(e) - e[key]), 0) / Math.max(1, examples.length);
}

/** Localization fitting examples sampled from the fitting pool. */
export const FIT_SAMPLE = 200;
/** Co-change fitting uses the newest change sets of the pool, up to this many (they are cheap to score). */
export const MAX_CO_CHANGE_FIT = 600;

export interface TrainOptions {
  /** Seed of the fitting sample (default 13). */
  readonly seed?: number;
  /** At most this many localization fitting change sets (default FIT_SAMPLE). */
  readonly fitSample?: number;
  /** Replay adds, deletes and renames into the current files (default true). */
  readonly tree?: boolean;
}

/**
 * Learns a whole history (oldest first) and fits on a seeded sample of its newest quarter of eligible change sets,
 * each example scored against only what came before it.
 * @example
 * const locator = trainLocator(history);
 * locator.locate('the router ignores trailing slashes', 10);
 */
export function trainLocator(history: readonly HistoryChangeSet[], options: TrainOptions = {}): Locator {
  const seed = options.seed ?? 13;
  const { eligible } = getEligibility(history);
  const pool = eligible.slice(Math.floor(eligible.length * 0.75));
  const fitting = new Set(sampleSeeded(pool, options.fitSample ?? FIT_SAMPLE, seed + 1));
  const coFitting = new Set(pool.slice(-MAX_CO_CHANGE_FIT));
  const locator = new Locator();
  history.forEach((cs, i) => {
    if (fitting.has(i) || coFitting.has(i))
      locator.recordExample(cs, seed, { locate: fitting.has(i), coChange: coFitting.has(i) });
    locator.observe(cs, options.tree ?? true);
  });
  locator.fitExamples();
  return locator;
}
