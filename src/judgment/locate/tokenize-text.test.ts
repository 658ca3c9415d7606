import { describe, expect, it } from 'vitest';
import { cleanMessage, getSkipReason, getTitle } from './clean-message.js';
import {
  countContentTerms,
  getTermWords,
  splitIdentifier,
  stemTerm,
  tokenizePath,
  tokenizeText,
} from './tokenize-text.js';

describe('tokenization', () => {
  it('maps each term of a text back to the word it came from, to show words instead of stems', () => {
    const words = getTermWords('Fitting the parsers of replySend');
    expect(words.get(stemTerm('fitting'))).toBe('fitting');
    expect(stemTerm('fitting')).toBe('fitt');
    expect(words.get('parser')).toBe('parsers');
    expect(words.get('replysend')).toBe('replysend');
    expect(words.get('send')).toBe('send');
    // Every term the query has is covered.
    for (const term of tokenizeText('Fitting the parsers of replySend')) expect(words.has(term)).toBe(true);
  });

  it('splits camelCase, snake_case, kebab-case and paths, drops stop words and stems lightly', () => {
    expect(splitIdentifier('parseHTTPResponse2')).toEqual([
      'parse',
      'http',
      'response',
      'parsehttpresponse2',
    ]);
    expect(tokenizeText('Fix the reply_send for HTTP2-streams')).toEqual([
      'fix',
      'reply',
      'send',
      'http',
      'http2',
      'stream',
    ]);
    expect(tokenizePath('lib/content-type-parser.js')).toEqual([
      'lib',
      'content',
      'type',
      'parser',
      'js',
      'contenttypeparser',
    ]);
    expect(countContentTerms('const replySend = reply.send')).toEqual(
      new Map([
        ['const', 1],
        ['reply', 2],
        ['send', 2],
        ['replysend', 1],
      ]),
    );
  });

  it('cleans messages into work-item text and strips the conventional prefix for the title form', () => {
    const cleaned = cleanMessage(
      'fix(router): trailing slash ignored (#123)\n\nSee https://x.test/a\nSigned-off-by: Ann <a@x>',
    );
    expect(cleaned).toBe('fix(router): trailing slash ignored');
    expect(getTitle(cleaned)).toBe('trailing slash ignored');
    expect(cleanMessage('Merge pull request #9 from ann/csv-export\n\nExport to CSV')).toBe(
      'csv export\n\nExport to CSV',
    );
  });

  it('filters change sets that are not realistic work items, first matching reason first', () => {
    const base = { authorName: 'Ann', authorEmail: 'a@x', pathCount: 2, isRoot: false };
    expect(getSkipReason({ ...base, message: 'fix the router for trailing slashes' })).toBeNull();
    expect(getSkipReason({ ...base, message: 'chore(release): 1.2.0' })).toBe('release');
    expect(getSkipReason({ ...base, message: 'v2.31.0' })).toBe('version');
    expect(getSkipReason({ ...base, message: 'bump deps to latest' })).toBe('bump');
    expect(getSkipReason({ ...base, message: 'typo' })).toBe('short-message');
    expect(getSkipReason({ ...base, authorName: 'dependabot[bot]', message: 'update the thing now' })).toBe(
      'bot-author',
    );
    expect(getSkipReason({ ...base, pathCount: 31, message: 'move all the files around' })).toBe(
      'too-many-files',
    );
  });
});
