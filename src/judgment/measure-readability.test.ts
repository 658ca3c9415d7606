import { describe, expect, it } from 'vitest';
import { countSyllables, measureReadability } from './measure-readability.js';

describe('countSyllables', () => {
  it('counts the syllables of common words by vowel groups, silent endings left out (compounds overcounted)', () => {
    const cases: [string, number][] = [
      ['the', 1],
      ['code', 1],
      ['change', 1],
      ['changes', 2],
      ['changed', 1],
      ['people', 2],
      ['table', 2],
      ['working', 2],
      ['hotspot', 2],
      ['program', 2],
      ['interface', 3],
      ['together', 3],
      ['likely', 2],
      ['every', 3],
      ['separate', 3],
      ['stakeholder', 4],
      ['files', 1],
      ['places', 2],
      ['needed', 2],
      ['screens', 1],
    ];
    for (const [word, n] of cases) expect([word, countSyllables(word)]).toEqual([word, n]);
  });

  it('counts a number as a two-syllable word and punctuation as nothing', () => {
    expect(countSyllables('15')).toBe(2);
    expect(countSyllables('%')).toBe(0);
  });
});

describe('measureReadability', () => {
  it('scores a short plain sentence as very easy and a dense one as hard', () => {
    const easy = measureReadability('The cat sat on the mat.');
    expect(easy).toMatchObject({ sentences: 1, words: 6, syllables: 6 });
    expect(easy.readingEase).toBeCloseTo(206.835 - 1.015 * 6 - 84.6, 1);
    const hard = measureReadability(
      'Architectural considerations regarding transitive dependencies necessitate comprehensive regression verification.',
    );
    expect(hard.readingEase).toBeLessThan(0);
  });

  it('does not end a sentence at a decimal point', () => {
    expect(measureReadability('It took 2.5 days. Then it was done.').sentences).toBe(2);
  });
});
