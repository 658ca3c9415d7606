/**
 * Reading a history from both ends at once (readFromBothEnds): every commit once, whichever end is faster, and
 * the same commits with the same diffs as one `git log` reading them all.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CommitOrder,
  openRepository,
  parseCommitStream,
  readFromBothEnds,
  runGit,
  startCommitList,
  startNewestFirst,
  type GitStream,
  type MinedCommit,
} from '../../src/codebase/index.js';
import { createTestRepo, type TestRepo } from '../helpers/git-repo.js';

const ANN = 'Ann Author <ann@example.com>';
const BOB = 'Bob Builder <bob@example.com>';

/** A git stream handed over in small pieces, each after `delayMs`: one end made slower than the other. */
function slowed(stream: GitStream, delayMs: number): GitStream {
  return {
    stop: () => stream.stop(),
    async *[Symbol.asyncIterator]() {
      for await (const chunk of stream)
        for (let i = 0; i < chunk.length; i += 300) {
          await sleep(delayMs);
          yield chunk.slice(i, i + 300);
        }
    },
  };
}

async function collect(commits: AsyncIterable<MinedCommit>): Promise<MinedCommit[]> {
  const out: MinedCommit[] = [];
  for await (const commit of commits) out.push(commit);
  return out;
}

describe('readFromBothEnds', () => {
  let repo: TestRepo;
  let gitDir: string;
  let order: CommitOrder;
  let expected: Map<string, MinedCommit>;

  beforeAll(async () => {
    repo = createTestRepo();
    for (let i = 0; i < 40; i += 1) {
      if (i % 10 === 5) {
        repo.branch(`topic-${i}`);
        repo.commit({
          message: `topic ${i}`,
          author: BOB,
          files: { [`lib/t${i}.ts`]: `export const t = ${i};\n` },
        });
        repo.checkout('main');
        repo.commit({
          message: `main ${i}`,
          author: ANN,
          files: { 'src/main.ts': `export const m = ${i};\n` },
        });
        repo.merge(`topic-${i}`, { message: `merge topic ${i}`, author: ANN });
      } else {
        repo.commit({
          message: `change ${i}`,
          author: i % 3 === 0 ? BOB : ANN,
          files: { [`src/f${i % 4}.ts`]: `export const v = ${i};\n`.repeat(1 + (i % 3)) },
        });
      }
    }
    gitDir = (await openRepository(repo.dir)).gitDir;
    order = new CommitOrder(await runGit(['rev-list', 'HEAD'], { gitDir }));
    const all = await collect(parseCommitStream(startNewestFirst(gitDir, 'HEAD')));
    expected = new Map(all.map((c) => [c.sha, c]));
  });
  afterAll(() => repo.remove());

  /** Reads with each end slowed as given (null: no oldest end), the listing coming after `listingDelay` ms. */
  const read = (newestDelay: number | null, oldestDelay: number | null, listingDelay: number) => {
    const newest = startNewestFirst(gitDir, 'HEAD');
    const oldest = oldestDelay === null ? null : startCommitList(gitDir, order.reversed());
    const listing = { order, oldest: oldest && oldestDelay ? slowed(oldest, oldestDelay) : oldest };
    let heard: CommitOrder | null = null;
    return collect(
      readFromBothEnds(
        newestDelay ? slowed(newest, newestDelay) : newest,
        listingDelay > 0 ? sleep(listingDelay).then(() => listing) : listing,
        (known) => {
          heard = known;
        },
      ),
    ).then((commits) => {
      expect(heard).toBe(order);
      return commits;
    });
  };

  it('lists the history newest first, as git rev-list does', () => {
    expect(order.total).toBe(48);
    expect([...expected.keys()]).toEqual(Array.from({ length: order.total }, (_, k) => order.shaAt(k)));
    expect(order.reversed().trim().split('\n')).toEqual([...expected.keys()].reverse());
  });

  it.each([
    ['one end alone', 0, null, 0],
    ['both ends at the same pace', 0, 0, 0],
    ['a slow newest end', 3, 0, 0],
    ['a slow oldest end', 0, 3, 0],
    ['the listing coming late', 1, 0, 60],
    ['the listing coming after the newest end read everything', 0, null, 400],
  ] as const)('reads every commit once with %s', async (_name, newestDelay, oldestDelay, listingDelay) => {
    const commits = await read(newestDelay, oldestDelay, listingDelay);
    expect(commits).toHaveLength(order.total);
    expect(new Set(commits.map((c) => c.sha)).size).toBe(order.total);
    for (const commit of commits) expect(commit).toEqual(expected.get(commit.sha));
  });

  it('fails when the newest end read, before the listing came, commits of another order', async () => {
    const reordered = order.reversed().trim().split('\n').reverse();
    [reordered[0], reordered[1]] = [reordered[1]!, reordered[0]!];
    const newest = startNewestFirst(gitDir, 'HEAD');
    const listing = sleep(300).then(() => ({
      order: new CommitOrder(`${reordered.join('\n')}\n`),
      oldest: null,
    }));
    await expect(collect(readFromBothEnds(newest, listing))).rejects.toThrow(/two different orders/);
  });

  it('fails when an end leaves the order it was given', async () => {
    const shuffled = order.reversed().trim().split('\n');
    [shuffled[0], shuffled[1]] = [shuffled[1]!, shuffled[0]!];
    const newest = startNewestFirst(gitDir, 'HEAD');
    const oldest = startCommitList(gitDir, `${shuffled.join('\n')}\n`);
    await expect(collect(readFromBothEnds(slowed(newest, 5), { order, oldest }))).rejects.toThrow(
      /two different orders/,
    );
  });
});
