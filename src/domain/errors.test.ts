import { describe, expect, it, vi } from 'vitest';
import { isTpoError, TpoError } from './errors.js';

describe('isTpoError', () => {
  it('recognises a TpoError of this module', () => {
    expect(isTpoError(new TpoError('Invalid', 'bad input'))).toBe(true);
  });

  it('recognises a TpoError made by another copy of the module (a bundle)', async () => {
    // A second copy of the module, as a bundled command path has: a distinct class with the same mark.
    vi.resetModules();
    const other = await import('./errors.js');
    const error = new other.TpoError('NotAGitRepo', '/tmp is not a git repository');
    expect(error).not.toBeInstanceOf(TpoError);
    expect(isTpoError(error)).toBe(true);
  });

  it('does not take other errors for one', () => {
    expect(isTpoError(new Error('boom'))).toBe(false);
    expect(isTpoError(Object.assign(new Error('boom'), { name: 'TpoError', code: 'Invalid' }))).toBe(false);
    expect(isTpoError({ code: 'Invalid', message: 'not an error' })).toBe(false);
  });
});
