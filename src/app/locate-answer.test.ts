import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCATOR_FIT, LOCATE_FIT_VERSION } from '../judgment/index.js';
import { reviveFit } from './locate-answer.js';

describe('a stored locate fit', () => {
  it('revives the co-change settings, a half-life stored as null meaning no decay', () => {
    const setting = { halfLife: Infinity, sizePower: 0.5, nameBonus: 0.05 };
    const stored = JSON.stringify(
      { ...DEFAULT_LOCATOR_FIT, coChange: setting, coChangeFused: [setting, { ...setting, halfLife: 100 }] },
      (_k, v: unknown) => (v === Infinity ? null : v),
    );
    expect(reviveFit(stored)?.coChangeFused).toEqual([setting, { ...setting, halfLife: 100 }]);
  });

  it('declines a fit of another version, or of none (stored before versions), so it is refitted', () => {
    expect(reviveFit(JSON.stringify(DEFAULT_LOCATOR_FIT))).not.toBeNull();
    const { version: _dropped, ...unversioned } = DEFAULT_LOCATOR_FIT;
    expect(reviveFit(JSON.stringify(unversioned))).toBeNull();
    expect(reviveFit(JSON.stringify({ ...DEFAULT_LOCATOR_FIT, version: LOCATE_FIT_VERSION - 1 }))).toBeNull();
  });

  it('declines a fit made before a ranking feature existed, so it is refitted', () => {
    const { imports: _dropped, ...weights } = DEFAULT_LOCATOR_FIT.model.weights;
    const old = { ...DEFAULT_LOCATOR_FIT.model, weights };
    expect(reviveFit(JSON.stringify({ ...DEFAULT_LOCATOR_FIT, model: old, fullModel: old }))).toBeNull();
  });
});
