import { describe, expect, it } from 'vitest';
import type { FileChange } from '../../domain/index.js';
import { createLocateIndex, type HistoryChangeSet, type PastSet } from './create-locate-index.js';
import { decodeLocateIndex, encodeLocateIndex, LOCATE_INDEX_FORMAT } from './encode-locate-index.js';
import { Locator, getEligibility, sampleSeeded, trainLocator } from './create-locator.js';
import { predictCoChanges } from './predict-co-changes.js';
import { getCoChanges, getMentions, DEFAULT_LOCATE_MODEL, rankFiles } from './rank-files.js';

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
    expect(ranked[0]!.evidence.words).toEqual(expect.arrayContaining(['order', 'cancell']));
    expect(ranked[0]!.evidence.changeSets[0]!.title).toBe('orders can be cancelled by the customer');
    for (const r of ranked) {
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
    }
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
        // Its stem "listen" is named too.
        ['test/listen.3.test.js', 0.5],
        ['lib/wrapThenable.js', 0.5],
      ]),
    );
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
