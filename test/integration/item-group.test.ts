import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addItem, addItemGroup, listItems } from '../../src/app/index.js';
import { isTpoError } from '../../src/domain/index.js';
import { createTestStore, DIALECTS, type TestStore } from '../helpers/stores.js';

// `tpo breakdown --create` writes its tasks through addItemGroup: all of them with their links, or none.
describe.each(DIALECTS)('addItemGroup on %s', (dialect) => {
  let ts: TestStore;
  beforeAll(async () => {
    ts = await createTestStore(dialect);
  });
  afterAll(async () => {
    await ts.dispose();
  });

  it('adds items with consecutive ids that wait for each other and block an existing item', async () => {
    await addItem(ts.store, { title: 'Goal' });
    const items = await addItemGroup(ts.store, [
      { title: 'Data', blocks: ['T-1'] },
      { title: 'Domain', blockedByDrafts: [0], blocks: ['T-1'] },
      { title: 'Tests', blockedByDrafts: [0, 1], blocks: ['T-1'] },
    ]);
    expect(items.map((i) => [i.id, i.blockedBy])).toEqual([
      ['T-2', []],
      ['T-3', ['T-2']],
      ['T-4', ['T-2', 'T-3']],
    ]);
    const goal = (await listItems(ts.store)).find((i) => i.id === 'T-1')!;
    expect(goal.blockedBy).toEqual(['T-2', 'T-3', 'T-4']);
  });

  it('writes nothing when one link is wrong', async () => {
    const before = await listItems(ts.store);
    let error: unknown;
    try {
      await addItemGroup(ts.store, [{ title: 'A' }, { title: 'B', blocks: ['T-99'] }]);
    } catch (e) {
      error = e;
    }
    expect(isTpoError(error) && error.code).toBe('NotFound');
    expect(await listItems(ts.store)).toEqual(before);
  });
});
