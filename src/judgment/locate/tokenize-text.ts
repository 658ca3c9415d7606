/**
 * Text normalisation shared by every field of the localization model: the same word maps to the same term in a
 * backlog item, a commit message, a path and an identifier. Pure.
 */

/** English function words plus URL and trailer noise. Words such as "docs" and "test" are kept: they locate. */
const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between
  both but by can could did do does doing down during each few for from further had has have having he her here hers
  him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our ours
  out over own same she should so some such than that the their theirs them then there these they this those through
  to too under until up very was we were what when where which while who whom why will with would you your yours
  www com githubusercontent signed co authored pr`.split(/\s+/),
);

const IDENTIFIER = /[A-Za-z][A-Za-z0-9]*/g;
const CAMEL_PART = /[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+/g;
const splitCache = new Map<string, readonly string[]>();

/** Light, deterministic stemming: plurals and the commonest verb endings ("parsing", "parsed" -> "pars"). */
export function stemTerm(term: string): string {
  const n = term.length;
  if (n > 4 && term.endsWith('ies') && !term.endsWith('eies') && !term.endsWith('aies'))
    return `${term.slice(0, -3)}y`;
  if (n > 4 && term.endsWith('sses')) return term.slice(0, -2);
  if (n > 3 && term.endsWith('s') && !term.endsWith('ss') && !term.endsWith('us') && !term.endsWith('is'))
    return term.slice(0, -1);
  if (n > 5 && term.endsWith('ing')) return term.slice(0, -3);
  if (n > 4 && term.endsWith('ed') && !term.endsWith('eed')) return term.slice(0, -2);
  return term;
}

/**
 * Terms of one identifier: camelCase parts, lower-cased and stemmed, stop words, one-letter and numeric parts
 * dropped; an identifier that splits also keeps its whole lower-cased form, so exact mentions match strongly.
 * @example splitIdentifier('parseHTTPResponse2') // ['parse', 'http', 'response', 'parsehttpresponse2']
 */
export function splitIdentifier(identifier: string): readonly string[] {
  const cached = splitCache.get(identifier);
  if (cached) return cached;
  const parts = identifier.match(CAMEL_PART) ?? [];
  const out: string[] = [];
  for (const part of parts) {
    const lower = part.toLowerCase();
    if (lower.length < 2 || /^[0-9]+$/.test(lower) || STOP_WORDS.has(lower)) continue;
    out.push(stemTerm(lower));
  }
  const whole = identifier.toLowerCase();
  if (parts.length > 1 && !STOP_WORDS.has(whole)) out.push(whole);
  if (splitCache.size < 500_000) splitCache.set(identifier, out);
  return out;
}

/**
 * Terms of free text (a message, an item, code): snake_case, kebab-case, dots and slashes split because the
 * identifier pattern stops at them; camelCase split by `splitIdentifier`.
 * @example tokenizeText('Fix reply.send() for HTTP2 streams') // ['fix', 'reply', 'send', 'http', 'http2', 'stream']
 */
export function tokenizeText(text: string): string[] {
  const out: string[] = [];
  for (const identifier of text.match(IDENTIFIER) ?? [])
    for (const t of splitIdentifier(identifier)) out.push(t);
  return out;
}

/**
 * The word of `text` each of its terms came from (the first, lower-cased), to show people words instead of stems.
 * @example getTermWords('Fitting the parsers') // Map { 'fitt' => 'fitting', 'parser' => 'parsers' }
 */
export function getTermWords(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const identifier of text.match(IDENTIFIER) ?? []) {
    const parts = (identifier.match(CAMEL_PART) ?? []).map((p) => p.toLowerCase());
    for (const lower of parts) {
      const term = stemTerm(lower);
      if (!out.has(term)) out.set(term, lower);
    }
    // An identifier that splits is also a term of its own (splitIdentifier): shown as written.
    const whole = identifier.toLowerCase();
    if (parts.length > 1 && !out.has(whole)) out.set(whole, whole);
  }
  return out;
}

/**
 * Terms of a repository path: every folder and the file name, plus the file's whole stem when it has separators
 * (`response-writer.ts` also gives `responsewriter`).
 */
export function tokenizePath(path: string): string[] {
  const terms = tokenizeText(path);
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.indexOf('.');
  const stem = (dot > 0 ? base.slice(0, dot) : base).toLowerCase();
  if (stem.length > 1 && !/^[a-z0-9]+$/.test(stem)) {
    const joined = stem.replace(/[^a-z0-9]/g, '');
    if (joined !== '' && !terms.includes(joined)) terms.push(joined);
  }
  return terms;
}

/** Term counts of a list of terms. */
export function countTerms(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** Characters of a file read for its identifiers (the rest of a very large file adds little). */
export const MAX_CONTENT_CHARS = 100_000;

/**
 * Term counts of a file's content: each distinct identifier is split once and counted as often as it occurs.
 * @example countContentTerms('const replySend = reply.send') // Map { 'const' => 1, 'reply' => 2, 'send' => 2, 'replysend' => 1 }
 */
export function countContentTerms(text: string): Map<string, number> {
  const identifiers = new Map<string, number>();
  for (const id of text.slice(0, MAX_CONTENT_CHARS).match(IDENTIFIER) ?? [])
    identifiers.set(id, (identifiers.get(id) ?? 0) + 1);
  const counts = new Map<string, number>();
  for (const [id, n] of identifiers)
    for (const t of splitIdentifier(id)) counts.set(t, (counts.get(t) ?? 0) + n);
  return counts;
}
