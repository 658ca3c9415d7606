/**
 * Fits the localization weights and the confidence curve on examples from the repository's own older history
 * (each past change set is a message -> files example). Pure and deterministic. Rationale: ./locate-rationale.md.
 */
import { DEFAULT_LOCATE_MODEL, LOCATE_FEATURES, type LocateFeature, type LocateModel } from './rank-files.js';

/** One fitting query: the candidates' feature rows and which of them the change set really touched. */
export interface FitExample {
  readonly rows: readonly Float64Array[];
  readonly relevant: readonly boolean[];
  /** Relevant files in total, including those that are not among the candidates. */
  readonly relevantTotal: number;
}

const GRID = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5];
const ROUNDS = 3;
/**
 * A weight moves from its current value only for a gain in fitting MAP above this: smaller gains are noise on a
 * few hundred examples, and staying near the defaults generalises better.
 */
const MIN_GAIN = 1e-4;
/** Below this many examples the defaults are kept: too little history to fit six weights on. */
export const MIN_FIT_EXAMPLES = 30;

function scoreAll(ex: FitExample, w: readonly number[]): Float64Array {
  const out = new Float64Array(ex.rows.length);
  for (let i = 0; i < ex.rows.length; i += 1) {
    const row = ex.rows[i]!;
    let s = 0;
    for (let k = 0; k < w.length; k += 1) s += w[k]! * row[k]!;
    out[i] = s;
  }
  return out;
}

/** Ranks by score; ties go to the later candidate index last (stable and deterministic). */
function order(scores: Float64Array): number[] {
  const idx = Array.from(scores.keys());
  idx.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return idx;
}

function averagePrecision(ex: FitExample, w: readonly number[]): number {
  if (ex.relevantTotal === 0) return 0;
  const ranked = order(scoreAll(ex, w));
  let hits = 0;
  let sum = 0;
  ranked.forEach((i, r) => {
    if (ex.relevant[i]) {
      hits += 1;
      sum += hits / (r + 1);
    }
  });
  return sum / ex.relevantTotal;
}

function meanAp(examples: readonly FitExample[], w: readonly number[]): number {
  let s = 0;
  for (const ex of examples) s += averagePrecision(ex, w);
  return s / examples.length;
}

/** Logistic regression of "touched" on (relative score, ln rank) over the top 10 of each example. */
function fitCalibration(examples: readonly FitExample[], w: readonly number[]): LocateModel['calibration'] {
  const xs: [number, number, number][] = [];
  for (const ex of examples) {
    const scores = scoreAll(ex, w);
    const ranked = order(scores).slice(0, 10);
    const top = scores[ranked[0] ?? 0] ?? 0;
    ranked.forEach((i, r) =>
      xs.push([top > 0 ? scores[i]! / top : 0, Math.log(r + 1), ex.relevant[i] ? 1 : 0]),
    );
  }
  if (xs.length === 0) return DEFAULT_LOCATE_MODEL.calibration;
  let a = 0;
  let b = 0;
  let c = 0;
  const rate = 0.5;
  for (let it = 0; it < 800; it += 1) {
    let ga = 0;
    let gb = 0;
    let gc = 0;
    for (const [x1, x2, y] of xs) {
      const p = 1 / (1 + Math.exp(-(a + b * x1 + c * x2)));
      ga += p - y;
      gb += (p - y) * x1;
      gc += (p - y) * x2;
    }
    a -= (rate * ga) / xs.length;
    b -= (rate * gb) / xs.length;
    c -= (rate * gc) / xs.length;
  }
  return { a: round3(a), b: round3(b), c: round3(c) };
}

/**
 * Coordinate ascent on mean average precision: each weight in turn takes the grid value that maximises MAP over
 * the examples, for a few rounds; then the confidence curve is fitted with the weights frozen.
 * @example
 * const model = fitLocateModel(examples); // examples from the older 25 % of history
 * model.weights.similar; // e.g. 1.5
 */
export function fitLocateModel(examples: readonly FitExample[]): LocateModel {
  const usable = examples.filter((e) => e.relevantTotal > 0);
  if (usable.length < MIN_FIT_EXAMPLES) return DEFAULT_LOCATE_MODEL;
  const w = LOCATE_FEATURES.map((f) => DEFAULT_LOCATE_MODEL.weights[f]);
  let best = meanAp(usable, w);
  for (let round = 0; round < ROUNDS; round += 1) {
    let improved = false;
    for (let k = 0; k < w.length; k += 1) {
      const current = w[k]!;
      let bestValue = current;
      for (const value of GRID) {
        if (value === current) continue;
        w[k] = value;
        if (w.every((x) => x === 0)) continue;
        const map = meanAp(usable, w);
        if (map > best + MIN_GAIN) {
          best = map;
          bestValue = value;
          improved = true;
        }
      }
      w[k] = bestValue;
    }
    if (!improved) break;
  }
  const weights = Object.fromEntries(LOCATE_FEATURES.map((f, k) => [f, w[k]!])) as Record<
    LocateFeature,
    number
  >;
  return { weights, calibration: fitCalibration(usable, w), fittedOn: usable.length };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
