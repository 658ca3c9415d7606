import { describe, expect, it } from 'vitest';
import type { FileChange } from '../../domain/index.js';
import {
  createLocateIndex,
  getModuleKeys,
  resolveModuleKey,
  type HistoryChangeSet,
  type PastSet,
} from './create-locate-index.js';
import { decodeLocateIndex, encodeLocateIndex, LOCATE_INDEX_FORMAT } from './encode-locate-index.js';
import { Locator, getEligibility, sampleSeeded, trainLocator } from './create-locator.js';
import { predictCoChanges } from './predict-co-changes.js';
import {
  getCoChanges,
  getCoverage,
  getMentions,
  getNameCore,
  getNumberedName,
  DEFAULT_LOCATE_MODEL,
  rankFiles,
} from './rank-files.js';

let clock = 0;
function cs(
  message: string,
  paths: Record<string, FileChange['status']>,
  renames: Record<string, string> = {},
): HistoryChangeSet {
  clock += 1;
  const changes: FileChange[] = [
    ...Object.entries(paths).map(([path, status]) => ({ path, oldPath: null, status, added: 3, deleted: 1 })),
    ...Object.entries(renames).map(([from, to]) => ({
      path: to,
      oldPath: from,
      status: 'R' as const,
      added: 0,
      deleted: 0,
    })),
  ];
  return { sha: `c${clock}`, message, authorName: 'Ann', authorEmail: 'ann@x', time: clock, changes };
}

/** A restored change set reads its fields from the document: as a plain object, to compare. */
function plainSet({ id, sha, title, paths, fileCount, lines, stratum }: PastSet): PastSet {
  return { id, sha, title, paths, fileCount, lines, stratum };
}

const history: HistoryChangeSet[] = [
  cs('Initial billing and orders', {
    'src/billing/invoice.ts': 'A',
    'src/orders/order.ts': 'A',
    'test/invoice.test.ts': 'A',
  }),
  cs('invoice totals round half up', { 'src/billing/invoice.ts': 'M', 'test/invoice.test.ts': 'M' }),
  cs('orders can be cancelled by the customer', { 'src/orders/order.ts': 'M' }),
  cs('invoice pdf layout', { 'src/billing/invoice.ts': 'M', 'test/invoice.test.ts': 'M' }),
  cs('move orders into their own folder', {}, { 'src/orders/order.ts': 'src/orders/core/order.ts' }),
];

describe('the localization index and model', () => {
  it('follows renames, ranks by the words of paths and past messages, and says why', () => {
    const locator = new Locator();
    for (const c of history) locator.observe(c);
    expect([...locator.index.files].sort()).toEqual([
      'src/billing/invoice.ts',
      'src/orders/core/order.ts',
      'test/invoice.test.ts',
    ]);
    // The renamed file keeps its two change sets.
    expect(locator.index.history.get('src/orders/core/order.ts')?.touches).toBe(3);
    const ranked = rankFiles(locator.index, 'cancelled orders are still invoiced', DEFAULT_LOCATE_MODEL, 3);
    expect(ranked[0]!.path).toBe('src/orders/core/order.ts');
    expect(ranked[0]!.evidence.words).toEqual(expect.arrayContaining(['orders', 'cancelled']));
    expect(ranked[0]!.evidence.changeSets[0]!.title).toBe('orders can be cancelled by the customer');
    for (const r of ranked) {
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
    }
    // A short limit picks the top files without sorting them all: the head of a long list (which is sorted whole).
    const long = rankFiles(locator.index, 'cancelled orders are still invoiced', DEFAULT_LOCATE_MODEL, 100);
    for (const limit of [0, 1, 2, 3])
      expect(
        rankFiles(locator.index, 'cancelled orders are still invoiced', DEFAULT_LOCATE_MODEL, limit),
      ).toEqual(long.slice(0, limit));
  });

  it('computes co-change shares by hand, with and without decay', () => {
    const index = createLocateIndex();
    for (const c of history) {
      index.observe(c);
      index.applyTree(c.changes);
    }
    // invoice.ts: 3 change sets; test/invoice.test.ts in all 3, order.ts only in the first.
    expect(getCoChanges(index, 'src/billing/invoice.ts', Infinity)).toEqual(
      new Map([
        ['src/orders/core/order.ts', 1 / 3],
        ['test/invoice.test.ts', 1],
      ]),
    );
    // Half-life 1 change set: weights 2^-5, 2^-4, 2^-2 (ages 5, 4 and 2 of 5 observed).
    const w = [2 ** -5, 2 ** -4, 2 ** -2];
    const total = w[0]! + w[1]! + w[2]!;
    expect(getCoChanges(index, 'src/billing/invoice.ts', 1).get('src/orders/core/order.ts')).toBeCloseTo(
      w[0]! / total,
      12,
    );
    const co = predictCoChanges(
      index,
      'src/billing/invoice.ts',
      { halfLife: Infinity, sizePower: 0, nameBonus: 0 },
      5,
    );
    expect(co.map((c) => [c.path, c.score, c.source])).toEqual([
      ['test/invoice.test.ts', 1, 'history'],
      ['src/orders/core/order.ts', 0.333, 'history'],
    ]);
  });

  it('measures the idf-weighted share of the query words a file has in any field', () => {
    const index = createLocateIndex();
    index.applyTree(
      [
        { path: 'lib/reply.js', oldPath: null, status: 'A', added: 1, deleted: 0 },
        { path: 'lib/hooks.js', oldPath: null, status: 'A', added: 1, deleted: 0 },
      ],
      new Map([
        ['lib/reply.js', new Map([['header', 2]])],
        [
          'lib/hooks.js',
          new Map([
            ['header', 1],
            ['stream', 1],
          ]),
        ],
      ]),
    );
    // 2 files; idf: header (in 2 contents) ln(1 + 2/3), stream (1) ln(2), reply (0, but in a path) ln(3).
    const [header, stream, reply] = [Math.log(1 + 2 / 3), Math.log(2), Math.log(3)];
    const terms = new Map([
      ['header', 1],
      ['stream', 1],
      ['reply', 1],
    ]);
    const coverage = getCoverage(index, terms, ['lib/reply.js', 'lib/hooks.js']);
    const total = header + stream + reply;
    expect(coverage.get('lib/reply.js')).toBeCloseTo((header + reply) / total, 12);
    expect(coverage.get('lib/hooks.js')).toBeCloseTo((header + stream) / total, 12);
    // The restored index reads its posting lists in place: the same figures.
    const restored = decodeLocateIndex(encodeLocateIndex(index))!;
    expect(getCoverage(restored, terms, ['lib/reply.js', 'lib/hooks.js'])).toEqual(coverage);
  });

  it('names files the text mentions', () => {
    expect(
      getMentions('see lib/reply.js and listen.2.test.js; wrapThenable', [
        'lib/reply.js',
        'test/listen.2.test.js',
        'test/listen.3.test.js',
        'lib/wrapThenable.js',
      ]),
    ).toEqual(
      new Map([
        ['lib/reply.js', 1],
        ['test/listen.2.test.js', 1],
        // "listen" is only part of the name of another file: listen.3.test.js is not named.
        ['lib/wrapThenable.js', 0.5],
      ]),
    );
    // A dotted word that names no file names its parts' files: "reply.send" names reply.js, not request.js.
    expect(getMentions('reply.send drops the header', ['lib/reply.js', 'lib/request.js'])).toEqual(
      new Map([['lib/reply.js', 0.5]]),
    );
    // A numbered name by its words and number, separators aside; not its siblings, not a longer number.
    const numbered = [
      'test/custom-parser.4.test.js',
      'test/custom-parser.1.test.js',
      'test/plugin.3.test.js',
      'test/route.3.test.js',
      'test/route.31.test.js',
      'lib/route.js',
    ];
    expect(getMentions('remove simple-get from custom parser 4', numbered)).toEqual(
      new Map([['test/custom-parser.4.test.js', 1]]),
    );
    expect(getMentions('removed simple-get from plugin-3 test', numbered)).toEqual(
      new Map([['test/plugin.3.test.js', 1]]),
    );
    // "route" on its own is a word of the text: the stem rule still names every route file by half.
    expect(getMentions('ported route 3 test', numbered)).toEqual(
      new Map([
        ['test/route.3.test.js', 1],
        ['test/route.31.test.js', 0.5],
        ['lib/route.js', 0.5],
      ]),
    );
    // A dotted name without its extension names its file in full: `res.type()` names test/res.type.js, neither
    // res.send.js nor lib/response.js; `res` alone is too short a stem to name anything.
    expect(
      getMentions('include edge case tests for `res.type()`', [
        'test/res.type.js',
        'test/res.send.js',
        'lib/response.js',
      ]),
    ).toEqual(new Map([['test/res.type.js', 1]]));
    expect(getNameCore('res.type.test.js')).toBe('res.type');
    expect(getNameCore('reply.js')).toBe('reply');
    expect(getNameCore('Makefile')).toBe('Makefile');
    expect(getNumberedName('custom-parser.4.test.js')).toBe('custom parser 4');
    expect(getNumberedName('listen.2.spec.ts')).toBe('listen 2');
    // No separate number, or fewer than 4 letters: not a numbered name.
    for (const base of ['http2.js', 'v2.js', 'Migration-Guide-V4.md', 'a.1.js', 'reply.js'])
      expect(getNumberedName(base)).toBeNull();
  });

  it('links files by their relative imports, following adds, deletes and renames', () => {
    expect(getModuleKeys('lib/reply.js')).toEqual(['lib/reply']);
    expect(getModuleKeys('src/index.ts')).toEqual(['src/index', 'src']);
    expect(getModuleKeys('README.md')).toEqual(['README.md']);
    expect(resolveModuleKey('test/reply.test.js', '../lib/reply.js')).toBe('lib/reply');
    expect(resolveModuleKey('test/a.test.ts', '../src')).toBe('src');
    expect(resolveModuleKey('a.js', '../x')).toBeNull();
    const index = createLocateIndex();
    const add = (path: string): FileChange => ({ path, oldPath: null, status: 'A', added: 1, deleted: 0 });
    index.applyTree(
      [add('lib/reply.js'), add('lib/hooks.js'), add('src/index.ts'), add('test/reply.test.js')],
      new Map(),
      new Map([
        ['lib/reply.js', ['./hooks', './missing']],
        ['test/reply.test.js', ['../lib/reply.js', '../src']],
      ]),
    );
    expect([...index.getImportNeighbours('lib/reply.js')].sort()).toEqual([
      'lib/hooks.js',
      'test/reply.test.js',
    ]);
    expect([...index.getImportNeighbours('src/index.ts')]).toEqual(['test/reply.test.js']);
    // A file imported before it exists is linked when it is added; a deleted importer is forgotten.
    index.applyTree([add('lib/missing.ts')]);
    expect(index.getImportNeighbours('lib/missing.ts')).toEqual(new Set(['lib/reply.js']));
    index.applyTree([{ path: 'test/reply.test.js', oldPath: null, status: 'D', added: 0, deleted: 1 }]);
    expect(index.getImportNeighbours('src/index.ts')).toEqual(new Set());
    // A renamed file keeps its imports, resolved from its new folder.
    index.applyTree([
      { path: 'lib/core/reply.js', oldPath: 'lib/reply.js', status: 'R', added: 0, deleted: 0 },
    ]);
    expect(index.getImportNeighbours('lib/core/reply.js')).toEqual(new Set());
    expect(index.importsOf.get('lib/core/reply.js')).toEqual(['./hooks', './missing']);
    const restored = decodeLocateIndex(encodeLocateIndex(index))!;
    expect(restored.importsOf).toEqual(index.importsOf);
    index.applyTree([add('lib/core/hooks.js')]);
    restored.applyTree([add('lib/core/hooks.js')]);
    expect(restored.getImportNeighbours('lib/core/reply.js')).toEqual(new Set(['lib/core/hooks.js']));
    for (const p of index.files)
      expect(restored.getImportNeighbours(p)).toEqual(index.getImportNeighbours(p));
  });

  it('restores an index from its binary form with the same answers, and the restored index learns on', () => {
    const locator = trainLocator(history);
    const restored = new Locator(decodeLocateIndex(encodeLocateIndex(locator.index))!);
    restored.fit = locator.fit;
    for (const text of ['invoice pdf', 'cancelled orders', 'move the layout of orders', 'nothing matches'])
      expect(restored.locate(text, 5)).toEqual(locator.locate(text, 5));
    expect(restored.coChanges('src/billing/invoice.ts')).toEqual(locator.coChanges('src/billing/invoice.ts'));
    expect(restored.size('invoice pdf')).toEqual(locator.size('invoice pdf'));
    expect(restored.index.history).toEqual(locator.index.history);
    expect(restored.index.sets.map(plainSet)).toEqual(locator.index.sets);
    // Learning goes on from the restored index (its fields turn back into maps) exactly as from the original.
    const more = [
      cs('invoice layout moves to pdf module', {}, { 'src/billing/invoice.ts': 'src/pdf/invoice.ts' }),
      cs('pdf invoices get a footer', { 'src/pdf/invoice.ts': 'M', 'src/pdf/footer.ts': 'A' }),
    ];
    for (const c of more) {
      locator.observe(c);
      restored.observe(c);
    }
    restored.index.setContent('src/pdf/footer.ts', new Map([['footer', 2]]));
    locator.index.setContent('src/pdf/footer.ts', new Map([['footer', 2]]));
    expect(restored.locate('invoice footer pdf', 5)).toEqual(locator.locate('invoice footer pdf', 5));
    expect(decodeLocateIndex(encodeLocateIndex(restored.index))!.sets.map(plainSet)).toEqual(
      locator.index.sets,
    );
  });

  it('declines an index saved in another format', () => {
    const document = encodeLocateIndex(trainLocator(history).index);
    const header = new TextDecoder().decode(document.subarray(8, 200));
    expect(header).toContain(`"version":${LOCATE_INDEX_FORMAT}`);
    const older = document.slice();
    older.set(
      new TextEncoder().encode(`"version":${LOCATE_INDEX_FORMAT + 1}`),
      8 + header.indexOf('"version"'),
    );
    expect(decodeLocateIndex(older)).toBeNull();
    expect(decodeLocateIndex(new TextEncoder().encode('{"now":1}'))).toBeNull();
  });

  it('answers from the past the same whatever came after (no look-ahead)', () => {
    const later = [
      ...history,
      cs('invoice pdf moves to the orders module', {
        'src/orders/core/order.ts': 'M',
        'src/billing/invoice.ts': 'D',
      }),
    ];
    const before = trainLocator(history);
    // The model trained on the longer history, asked at the same point of a replay, is the same model.
    const replay = new Locator();
    for (const c of later.slice(0, history.length)) replay.observe(c);
    replay.fit = before.fit;
    expect(replay.locate('invoice pdf', 5)).toEqual(before.locate('invoice pdf', 5));
    expect(getEligibility(history).eligible).toEqual([1, 2, 3, 4]);
    expect(sampleSeeded([1, 2, 3, 4, 5, 6], 3, 13)).toEqual(sampleSeeded([1, 2, 3, 4, 5, 6], 3, 13));
  });
});
