import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addItem,
  editItem,
  getItem,
  importBacklog,
  listItems,
  moveItem,
  rankItems,
  removeItem,
  setDependency,
} from '../../src/app/index.js';
import { isTpoError, type TpoError } from '../../src/domain/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { createTestStore, DIALECTS, type TestStore } from '../helpers/stores.js';

async function caught(promise: Promise<unknown>): Promise<TpoError> {
  try {
    await promise;
  } catch (error) {
    if (isTpoError(error)) return error;
    throw error;
  }
  throw new Error('expected a TpoError');
}

describe.each(DIALECTS)('backlog on %s', (dialect) => {
  let ts: TestStore;
  let store: Store;
  beforeAll(async () => {
    ts = await createTestStore(dialect);
    store = ts.store;
  });
  afterAll(async () => {
    await ts.dispose();
  });

  it('numbers new items T-1, T-2 … and keeps every stated field', async () => {
    const a = await addItem(
      store,
      {
        title: 'Export invoices as PDF',
        description: '# Why\n\nCustomers ask for it.',
        kind: 'feature',
        rice: { reach: 2000, impact: 2, confidence: 80, effort: 0.1 },
        costOfDelay: { businessValue: 8 },
        tags: ['billing', 'pdf'],
        requester: 'Dana',
        targetDate: '2025-06-30',
        areas: ['src/billing/**'],
        external: { tracker: 'github', key: 'acme/shop#12', url: 'https://github.com/acme/shop/issues/12' },
      },
      { now: 1000 },
    );
    const b = await addItem(store, { title: 'Fix rounding', kind: 'bug' }, { now: 1001 });
    expect([a.id, b.id]).toEqual(['T-1', 'T-2']);
    const { item } = await getItem(store, 'T-1');
    expect(item).toEqual(a);
    expect(item.rice.effort).toBe(0.1);
    expect(item).toMatchObject({
      version: 1,
      createdAt: 1000,
      history: [{ from: null, to: 'idea', at: 1000 }],
    });
  });

  it('records every status change and keeps start and finish times of done items', async () => {
    await moveItem(store, 'T-2', 'in-progress', { now: 2000 });
    await moveItem(store, 'T-2', 'done', { now: 5000 });
    const { item } = await getItem(store, 'T-2');
    expect(item.history).toEqual([
      { from: null, to: 'idea', at: 1001 },
      { from: 'idea', to: 'in-progress', at: 2000 },
      { from: 'in-progress', to: 'done', at: 5000 },
    ]);
    expect(item).toMatchObject({ status: 'done', startedAt: 2000, finishedAt: 5000, version: 3 });
  });

  it('does not change the version when an edit states what the item already says', async () => {
    const before = (await getItem(store, 'T-1')).item;
    const after = await editItem(store, 'T-1', { title: before.title, tags: ['billing', 'pdf'] });
    expect(after.version).toBe(before.version);
  });

  it('refuses invalid inputs with the field named', async () => {
    const error = await caught(editItem(store, 'T-1', { rice: { impact: 4 as 1 } }));
    expect(error.code).toBe('Invalid');
    expect(error.message).toMatch(/impact must be one of 0.25, 0.5, 1, 2, 3/);
    expect((await caught(getItem(store, 'T-99'))).code).toBe('NotFound');
  });

  it('records dependencies both ways and refuses a cycle, naming it', async () => {
    const c = await addItem(store, { title: 'Schema change', blocks: ['T-1'] });
    expect(c.id).toBe('T-3');
    expect((await getItem(store, 'T-1')).item.blockedBy).toEqual(['T-3']);
    expect((await getItem(store, 'T-3')).blocks).toEqual(['T-1']);
    const d = await addItem(store, { title: 'Pick a PDF library', blockedBy: ['T-1'] });
    const error = await caught(setDependency(store, d.id, 'T-3'));
    expect(error.code).toBe('Invalid');
    expect(error.message).toContain('T-1 blocks T-4 blocks T-3 blocks T-1');
    expect((await getItem(store, 'T-3')).item.blockedBy).toEqual([]);
    const removed = await setDependency(store, 'T-1', d.id, { remove: true });
    expect(removed.changed).toBe(true);
    expect(removed.blocked.blockedBy).toEqual([]);
  });

  it('lists items by status, kind, tag and text', async () => {
    expect((await listItems(store, { statuses: ['done'] })).map((i) => i.id)).toEqual(['T-2']);
    expect((await listItems(store, { kinds: ['bug'] })).map((i) => i.id)).toEqual(['T-2']);
    expect((await listItems(store, { tags: ['pdf'] })).map((i) => i.id)).toEqual(['T-1']);
    expect((await listItems(store, { text: 'PDF' })).map((i) => i.id)).toEqual(['T-1', 'T-4']);
    expect((await listItems(store, { text: '100%_' })).map((i) => i.id)).toEqual([]);
  });

  it('ranks the stored backlog with priority flowing to blockers', async () => {
    const ranked = await rankItems(store);
    expect(ranked.items.map((i) => i.id)).toEqual(['T-3', 'T-1', 'T-4']);
    expect(ranked.items[0]!.reasons.map((r) => r.text)).toContain('ranked up: unblocks T-1, RICE 32,000');
    expect(ranked.closed).toBe(1);
  });

  it('removes an item and the dependencies on it', async () => {
    await removeItem(store, 'T-3');
    expect((await getItem(store, 'T-1')).item.blockedBy).toEqual([]);
    expect((await caught(removeItem(store, 'T-3'))).code).toBe('NotFound');
    const next = await addItem(store, { title: 'After removal' });
    expect(next.id).toBe('T-5');
  });

  it('saves a large import in chunks that reuse one compiled statement, every value in its place', async () => {
    const rows = Array.from(
      { length: 2500 },
      (_, k) => `BIG-${k},Item ${k},${(k % 8) + 1},"a${k % 3}, b${k % 5}"`,
    );
    const csv = Buffer.from(`key,title,effort,labels\n${rows.join('\n')}\n`);
    const result = await importBacklog(store, csv, 'big.csv');
    expect(result.created).toBe(2500);
    const items = await listItems(store, { text: 'BIG-' });
    expect(items).toHaveLength(2500);
    const k = 2345;
    expect(items.find((i) => i.external?.key === `BIG-${k}`)).toMatchObject({
      title: `Item ${k}`,
      rice: { effort: (k % 8) + 1 },
      tags: [`a${k % 3}`, `b${k % 5}`],
    });
  });

  it('gives the second of two writers holding the same version a conflict, and loses nothing', async () => {
    const other = await openStore({ location: ts.location, ...(ts.schema ? { schema: ts.schema } : {}) });
    try {
      const { item } = await getItem(store, 'T-5');
      await editItem(store, 'T-5', { title: 'First writer' }, { expectedVersion: item.version });
      const error = await caught(
        editItem(other, 'T-5', { title: 'Second writer' }, { expectedVersion: item.version }),
      );
      expect(error.code).toBe('Conflict');
      expect(error.message).toMatch(
        /T-5 was changed by someone else \(it is now at version 2, you had version 1\)/,
      );
      expect((await getItem(other, 'T-5')).item).toMatchObject({ title: 'First writer', version: 2 });

      // Interleaved: both read version 2, both write; exactly one wins. One store, as in one server process:
      // its connection pool (PostgreSQL) or its one serialised connection (SQLite; two SQLite connections in
      // one thread would wait on each other's lock, which two processes do not: see the CLI tests).
      const results = await Promise.allSettled([
        editItem(store, 'T-5', { description: 'from A' }, { expectedVersion: 2 }),
        editItem(store, 'T-5', { description: 'from B' }, { expectedVersion: 2 }),
      ]);
      const rejected = results.filter((r) => r.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(((rejected[0] as PromiseRejectedResult).reason as TpoError).code).toBe('Conflict');
      const winner = results.find((r) => r.status === 'fulfilled')!.value;
      expect((await getItem(store, 'T-5')).item).toMatchObject({
        description: winner.description,
        version: 3,
      });
    } finally {
      await other.close();
    }
  });
});
