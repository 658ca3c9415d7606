import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addItem,
  exportBacklog,
  getItem,
  importBacklog,
  importGithubIssues,
  listItems,
  rankItems,
} from '../../src/app/index.js';
import { isTpoError, type TpoError } from '../../src/domain/index.js';
import type { Store } from '../../src/store/index.js';
import { restIssue, startGithubServer, type GithubServer } from '../helpers/github-server.js';
import { createTestStore, DIALECTS, type TestStore } from '../helpers/stores.js';

const FIXTURES = path.resolve('test/fixtures/backlog');
const fixture = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));

async function caught(promise: Promise<unknown>): Promise<TpoError> {
  try {
    await promise;
  } catch (error) {
    if (isTpoError(error)) return error;
    throw error;
  }
  throw new Error('expected a TpoError');
}

describe.each(DIALECTS)('imports on %s', (dialect) => {
  let ts: TestStore;
  let store: Store;
  const open: TestStore[] = [];
  beforeEach(async () => {
    ts = await createTestStore(dialect);
    store = ts.store;
    open.push(ts);
  });
  afterEach(async () => {
    await ts.dispose();
  });
  afterAll(() => {
    open.length = 0;
  });

  it.each([
    ['generic.csv', 3],
    ['jira.csv', 4],
    ['linear.csv', 4],
    ['gh-issues.json', 4],
  ])('imports %s, and importing it again changes nothing', async (file, count) => {
    const first = await importBacklog(store, fixture(file), file, { now: 1_800_000_000 });
    expect(first).toMatchObject({ created: count, updated: 0, unchanged: 0 });
    expect(first.items.map((i) => i.id)).toEqual(Array.from({ length: count }, (_, k) => `T-${k + 1}`));
    const again = await importBacklog(store, fixture(file), file, { now: 1_800_000_100 });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: count });
    expect(await listItems(store)).toHaveLength(count);
  });

  it('resolves dependencies by tracker key, in both directions, and ranks with them', async () => {
    await importBacklog(store, fixture('jira.csv'), 'jira.csv');
    const sso = (await listItems(store, { text: 'PROJ-1' }))[0]!;
    expect(sso.blockedBy).toEqual(['T-2', 'T-3']);
    expect(sso.history).toEqual([
      { from: null, to: 'in-progress', at: Date.UTC(2024, 2, 12, 10, 15) / 1000 },
    ]);
    // PROJ-1 (RICE 500 x 3 x 0.5 / 6 = 125) waits for PROJ-2 (unscored) and PROJ-3 (200 x 1 x 0.8 / 2 = 80).
    const ranked = await rankItems(store);
    expect(ranked.items.map((r) => [r.id, r.priority])).toEqual([
      ['T-3', 125],
      ['T-2', 125],
      ['T-1', 125],
    ]);
    expect(ranked.items[1]!.reasons.map((r) => r.text)).toContain('ranked up: unblocks T-1, RICE 125');
  });

  it('updates items whose source changed, keeps local fields the source does not carry, records the status change', async () => {
    await importBacklog(store, fixture('gh-issues.json'), 'gh-issues.json', { now: 1_800_000_000 });
    const t3 = (await listItems(store, { text: 'acme/shop#14' }))[0]!;
    const { item: local } = await getItem(store, t3.id);
    const { editItem } = await import('../../src/app/index.js');
    await editItem(store, t3.id, { rice: { reach: 50, impact: 1, confidence: 50, effort: 1 } });
    const changed = JSON.parse(fixture('gh-issues.json').toString('utf8')) as Record<string, unknown>[];
    changed[2]!.state = 'CLOSED';
    changed[2]!.stateReason = 'COMPLETED';
    changed[2]!.closedAt = '2024-04-01T12:00:00Z';
    const result = await importBacklog(store, Buffer.from(JSON.stringify(changed)), 'gh.json', {
      now: 1_800_000_500,
    });
    expect(result).toMatchObject({ created: 0, updated: 1, unchanged: 3 });
    const { item } = await getItem(store, t3.id);
    expect(item).toMatchObject({
      status: 'done',
      rice: { reach: 50, effort: 1 },
      version: local.version + 2,
    });
    expect(item.history.at(-1)).toEqual({ from: 'idea', to: 'done', at: Date.UTC(2024, 3, 1, 12) / 1000 });
    expect(item.finishedAt).toBe(Date.UTC(2024, 3, 1, 12) / 1000);
  });

  it.each([
    ['truncated.csv', 'truncated.csv:3:1: the quoted field that starts here never ends'],
    ['latin1.csv', 'latin1.csv:2:4: byte 0xe9 is not UTF-8'],
    ['wrong-columns.csv', 'wrong-columns.csv:1:1: no column carries the title'],
    ['bad-impact.csv', 'bad-impact.csv:3:10: impact must be one of 0.25, 0.5, 1, 2, 3'],
    ['truncated.json', 'truncated.json:8:336: a string that never ends'],
    ['duplicate-keys.csv', 'duplicate-keys.csv:4: jira PROJ-1 appears twice (first at duplicate-keys.csv:2)'],
    ['cycle.csv', 'cycle.csv:2: dependency cycle: PROJ-1 blocks PROJ-2 blocks PROJ-3 blocks PROJ-1'],
  ])('refuses %s whole, naming the place, and writes nothing', async (file, message) => {
    await addItem(store, { title: 'Already here' });
    const error = await caught(importBacklog(store, fixture(file), file));
    expect(error.code).toBe('Invalid');
    expect(error.message).toContain(message);
    expect(error.message).toContain('Nothing was imported.');
    expect((await listItems(store)).map((i) => i.id)).toEqual(['T-1']);
    // The refused import reserved no numbers.
    expect((await addItem(store, { title: 'Next' })).id).toBe('T-2');
  });

  it('round-trips exactly through its own JSON', async () => {
    await importBacklog(store, fixture('jira.csv'), 'jira.csv', { now: 1_800_000_000 });
    await importBacklog(store, fixture('generic.csv'), 'generic.csv', { now: 1_800_000_000 });
    await addItem(
      store,
      { title: 'Local', costOfDelay: { businessValue: 8 }, areas: ['src/**/*.ts'] },
      { now: 1_800_000_001 },
    );
    const exported = await exportBacklog(store, 'json');
    const other = await createTestStore(dialect);
    try {
      const result = await importBacklog(other.store, Buffer.from(exported), 'backlog.json');
      expect(result.created).toBe(8);
      expect(await exportBacklog(other.store, 'json')).toBe(exported);
      expect((await importBacklog(other.store, Buffer.from(exported), 'backlog.json')).unchanged).toBe(8);
      expect((await addItem(other.store, { title: 'After' })).id).toBe('T-9');
    } finally {
      await other.dispose();
    }
  });

  it('round-trips fields and dependencies through CSV', async () => {
    await importBacklog(store, fixture('gh-issues.json'), 'gh-issues.json');
    const csv = await exportBacklog(store, 'csv');
    const other = await createTestStore(dialect);
    try {
      await importBacklog(other.store, Buffer.from(csv), 'backlog.csv');
      const strip = (items: Awaited<ReturnType<typeof listItems>>) =>
        items.map(({ version: _v, updatedAt: _u, history: _h, ...rest }) => rest);
      expect(strip(await listItems(other.store))).toEqual(strip(await listItems(store)));
    } finally {
      await other.dispose();
    }
  });

  it('reports without writing on a dry run', async () => {
    const result = await importBacklog(store, fixture('linear.csv'), 'linear.csv', { dryRun: true });
    expect(result).toMatchObject({ dryRun: true, created: 4 });
    expect(await listItems(store)).toEqual([]);
  });

  describe('from the GitHub REST API', () => {
    let server: GithubServer;
    const issues = [
      ...Array.from({ length: 230 }, (_, k) =>
        restIssue(k + 1, { labels: k === 0 ? ['bug', 'effort:2'] : [] }),
      ),
      restIssue(231, { pr: true }),
      restIssue(232, { state: 'closed', reason: 'not_planned', body: 'Blocks #1' }),
    ];
    afterEach(async () => {
      await server.close();
    });

    it('reads every page through the Link headers, skips pull requests, and re-imports idempotently', async () => {
      server = await startGithubServer({ repository: 'acme/shop', issues, token: 'sekrit' });
      const pages: number[] = [];
      const result = await importGithubIssues(store, {
        repository: 'acme/shop',
        token: 'sekrit',
        apiUrl: server.url,
        onPage: (n) => pages.push(n),
      });
      expect(pages).toEqual([1, 2, 3]);
      expect(server.requests).toEqual([
        '/repos/acme/shop/issues?state=all&per_page=100',
        '/repos/acme/shop/issues?state=all&per_page=100&page=2',
        '/repos/acme/shop/issues?state=all&per_page=100&page=3',
      ]);
      expect(result).toMatchObject({ format: 'github', created: 231, updated: 0 });
      expect(result.notices).toContain('GitHub acme/shop: 1 pull requests left out');
      const first = (await listItems(store, { text: 'acme/shop#1' })).find(
        (i) => i.external!.key === 'acme/shop#1',
      )!;
      expect(first).toMatchObject({ kind: 'bug', rice: { effort: 2 }, blockedBy: ['T-231'] });
      const again = await importGithubIssues(store, {
        repository: 'acme/shop',
        token: 'sekrit',
        apiUrl: server.url,
      });
      expect(again).toMatchObject({ created: 0, unchanged: 231 });
    });

    it('explains a refused token (401), an unknown repository (404) and a spent rate limit (403)', async () => {
      server = await startGithubServer({ repository: 'acme/shop', issues, token: 'sekrit' });
      const bad = await caught(
        importGithubIssues(store, { repository: 'acme/shop', token: 'wrong', apiUrl: server.url }),
      );
      expect(bad.code).toBe('Unauthorized');
      expect(bad.message).toMatch(/GitHub refused the token \(401: Bad credentials/);
      const missing = await caught(
        importGithubIssues(store, { repository: 'acme/nope', token: 'sekrit', apiUrl: server.url }),
      );
      expect(missing.code).toBe('NotFound');
      expect(missing.message).toBe('GitHub has no repository acme/nope, or this token cannot see it (404)');
      await server.close();
      server = await startGithubServer({ repository: 'acme/shop', issues, rateLimitRemaining: 1 });
      const limited = await caught(
        importGithubIssues(store, { repository: 'acme/shop', token: '', apiUrl: server.url }),
      );
      expect(limited.code).toBe('Busy');
      expect(limited.message).toBe(
        "GitHub's rate limit is used up until 2030-03-17T17:46:40Z; try again then, or set GITHUB_TOKEN for a higher limit",
      );
      expect(await listItems(store)).toEqual([]);
    });
  });
});
