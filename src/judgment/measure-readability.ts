/**
 * Flesch reading ease of English text, with a small rule-based syllable counter. Pure.
 * Definition and limits: ./explain-rationale.md.
 */

function countVowelGroups(w: string): number {
  return w.replace(/^y/, '').match(/[aeiouy]{1,2}/g)?.length ?? 0;
}

/** Syllables of a lower-case word of letters, its endings handled first. */
function countLetters(w: string): number {
  if (w.length <= 3) return 1;
  // "-es": a syllable after a hissing sound ("changes", "places"), silent otherwise ("files", "makes").
  if (w.endsWith('es')) {
    const stem = w.slice(0, -1);
    if (/(?:[sxzcg]|ch|sh)es$/.test(w)) return countLetters(stem) + 1;
    return /[^aeiouy]les$/.test(w) ? countLetters(stem) : Math.max(1, countVowelGroups(w.slice(0, -2)));
  }
  // "-ed": a syllable after t or d ("needed"), silent otherwise ("changed").
  if (w.endsWith('ed')) return Math.max(1, countVowelGroups(w.slice(0, -2)) + (/[td]ed$/.test(w) ? 1 : 0));
  // "-ely": the e is silent ("likely").
  if (w.endsWith('ely')) return countLetters(w.slice(0, -3)) + 1;
  // A final e is silent ("code", "change"), except in "-le" after a consonant ("table", "people").
  if (w.endsWith('e') && !/[^aeiouy]le$/.test(w)) return Math.max(1, countVowelGroups(w.slice(0, -1)));
  return Math.max(1, countVowelGroups(w));
}

/**
 * Syllables of one English word, by vowel groups after its silent endings: "code" 1, "changes" 2, "people" 2,
 * "likely" 2. It overcounts some compounds ("stakeholder" 4), which only lowers a reading-ease score. Digits are
 * not letters: a number token counts as 2 syllables (most figures read aloud as two or more: "fifteen").
 */
export function countSyllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w.length === 0) return /\d/.test(word) ? 2 : 0;
  return countLetters(w);
}

export interface Readability {
  readonly sentences: number;
  readonly words: number;
  readonly syllables: number;
  /** 206.835 - 1.015 x words/sentence - 84.6 x syllables/word; 60-70 is plain English, higher is easier. */
  readonly readingEase: number;
}

/** Words of a text: runs of letters (with inner apostrophes or hyphens) or numbers. */
function splitWords(text: string): string[] {
  return text.match(/[A-Za-z]+(?:['’-][A-Za-z]+)*|\d+(?:[.,]\d+)*/g) ?? [];
}

/** Sentences end at ".", "!" or "?" followed by a space or the end (a decimal point is not an end). */
function countSentences(text: string): number {
  const ends = text.match(/[.!?](?=\s|$)/g)?.length ?? 0;
  return Math.max(1, ends);
}

/**
 * Flesch reading ease (Flesch 1948) of a text, rounded to one decimal.
 * @example
 * measureReadability('The cat sat on the mat.').readingEase; // 116.1
 */
export function measureReadability(text: string): Readability {
  const words = splitWords(text);
  const sentences = countSentences(text);
  const syllables = words.reduce((s, w) => s + countSyllables(w), 0);
  const n = Math.max(1, words.length);
  const readingEase = 206.835 - 1.015 * (n / sentences) - 84.6 * (syllables / n);
  return {
    sentences,
    words: words.length,
    syllables,
    readingEase: Math.round(readingEase * 10) / 10,
  };
}
