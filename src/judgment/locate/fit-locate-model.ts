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

/** Adam steps of the weight fit (the loss is convex: it has converged well before). */
const STEPS = 300;
const LEARNING_RATE = 0.1;
/** Below this many examples the defaults are kept: too little history to fit the weights on. */
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
 * The loss of one example and its gradient added into `grad`: for each touched candidate, the softmax
 * cross-entropy of that file against the untouched candidates alone, ln(e^s + sum over untouched of e^u) - s,
 * averaged over the touched candidates. Touched files do not compete with each other (MAP does not care how they
 * are ordered among themselves, where ListNet's one softmax over all candidates pushes them toward equal scores),
 * and each term is a smooth upper bound on ln(rank among the untouched), so it is convex in the weights.
 */
function addLoss(ex: FitExample, w: readonly number[], grad: Float64Array): number {
  const scores = scoreAll(ex, w);
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  const n = grad.length;
  // The untouched candidates' share of every denominator, and its gradient, once.
  let zOther = 0;
  const gOther = new Float64Array(n);
  const touched: number[] = [];
  for (let i = 0; i < scores.length; i += 1) {
    if (ex.relevant[i]) {
      touched.push(i);
      continue;
    }
    const e = Math.exp(scores[i]! - max);
    zOther += e;
    const row = ex.rows[i]!;
    for (let k = 0; k < n; k += 1) gOther[k] = gOther[k]! + e * row[k]!;
  }
  let loss = 0;
  for (const i of touched) {
    const e = Math.exp(scores[i]! - max);
    const z = e + zOther;
    loss += Math.log(z) - Math.log(e);
    const row = ex.rows[i]!;
    for (let k = 0; k < n; k += 1)
      grad[k] = grad[k]! + ((e / z - 1) * row[k]! + gOther[k]! / z) / touched.length;
  }
  return loss / touched.length;
}

/**
 * Fits the weights by minimising, for each touched file of each example, its softmax loss against the example's
 * untouched candidates (`addLoss`), weights kept at or above 0 (projected Adam). The loss is convex in the
 * weights, so the fit has one optimum and does not depend on a search order or a starting point; then the
 * confidence curve is fitted with the weights frozen. Examples whose touched files are all outside the candidates teach nothing and are left out.
 * @example
 * const model = fitLocateModel(examples); // examples from the older 25 % of history
 * model.weights.content; // e.g. 3.4
 */
export function fitLocateModel(examples: readonly FitExample[]): LocateModel {
  const usable = examples.filter((e) => e.relevantTotal > 0 && e.relevant.some(Boolean));
  if (usable.length < MIN_FIT_EXAMPLES) return DEFAULT_LOCATE_MODEL;
  const n = LOCATE_FEATURES.length;
  const w = LOCATE_FEATURES.map((f) => DEFAULT_LOCATE_MODEL.weights[f]);
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  for (let step = 1; step <= STEPS; step += 1) {
    const grad = new Float64Array(n);
    for (const ex of usable) addLoss(ex, w, grad);
    for (let k = 0; k < n; k += 1) {
      const g = grad[k]! / usable.length;
      m[k] = 0.9 * m[k]! + 0.1 * g;
      v[k] = 0.999 * v[k]! + 0.001 * g * g;
      const mHat = m[k]! / (1 - 0.9 ** step);
      const vHat = v[k]! / (1 - 0.999 ** step);
      w[k] = Math.max(0, w[k]! - (LEARNING_RATE * mHat) / (Math.sqrt(vHat) + 1e-8));
    }
  }
  const rounded = w.map(round3);
  const weights = Object.fromEntries(LOCATE_FEATURES.map((f, k) => [f, rounded[k]!])) as Record<
    LocateFeature,
    number
  >;
  return { weights, calibration: fitCalibration(usable, rounded), fittedOn: usable.length };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
