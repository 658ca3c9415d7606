import { describe, expect, it } from 'vitest';
import { fitLocateModel, MIN_FIT_EXAMPLES, type FitExample } from './fit-locate-model.js';
import { DEFAULT_LOCATE_MODEL, LOCATE_FEATURES } from './rank-files.js';

/** A feature row with `path` and `name` set and every other feature at 0. */
function row(path: number, name: number): Float64Array {
  const r = new Float64Array(LOCATE_FEATURES.length);
  r[LOCATE_FEATURES.indexOf('path')] = path;
  r[LOCATE_FEATURES.indexOf('name')] = name;
  return r;
}

describe('fitting the localization weights', () => {
  it('weighs the feature that finds the touched files and drops the one that misleads', () => {
    // Five candidates per example: the touched one has the top `path`, and `name` points at another one.
    const examples: FitExample[] = Array.from({ length: 40 }, (_, e) => {
      const touched = e % 5;
      return {
        rows: [0, 1, 2, 3, 4].map((i) => row(i === touched ? 1 : 0.5, i === (touched + 1) % 5 ? 1 : 0.2)),
        relevant: [0, 1, 2, 3, 4].map((i) => i === touched),
        relevantTotal: 1,
      };
    });
    const model = fitLocateModel(examples);
    expect(model.fittedOn).toBe(40);
    expect(model.weights.path).toBeGreaterThan(DEFAULT_LOCATE_MODEL.weights.path);
    expect(model.weights.name).toBe(0);
    // Features that are 0 everywhere keep their default weight: the loss does not move them.
    expect(model.weights.content).toBe(DEFAULT_LOCATE_MODEL.weights.content);
  });

  it('does not hold back a feature for ordering the touched files among themselves', () => {
    // Both touched files are above the untouched ones by `path`, one of them further. One softmax over all
    // candidates (ListNet) wants the two touched files equal and stops near a `path` weight of 2.8; each touched file
    // against the untouched ones alone keeps raising it.
    const examples: FitExample[] = Array.from({ length: 40 }, () => ({
      rows: [row(1, 0), row(0.6, 0), row(0.2, 0), row(0.2, 0)],
      relevant: [true, true, false, false],
      relevantTotal: 2,
    }));
    expect(fitLocateModel(examples).weights.path).toBeGreaterThan(10);
  });

  it('keeps the defaults below the minimum number of examples', () => {
    const few: FitExample[] = Array.from({ length: MIN_FIT_EXAMPLES - 1 }, () => ({
      rows: [row(1, 0), row(0, 1)],
      relevant: [true, false],
      relevantTotal: 1,
    }));
    expect(fitLocateModel(few)).toBe(DEFAULT_LOCATE_MODEL);
  });
});
