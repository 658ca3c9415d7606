import { describe, expect, it } from 'vitest';
import type { FileStats } from '../domain/index.js';
import { assessTeam, type AssessInput } from './assess-team.js';

const DAY = 86_400;
const NOW = 1000 * DAY;

function file(path: string, authors: Record<string, number>, loc = 100): FileStats {
  const total = Object.values(authors).reduce((s, n) => s + n, 0);
  const list = Object.entries(authors)
    .map(([name, added]) => ({ name, email: `${name}@x`, added, share: added / total }))
    .sort((a, b) => b.added - a.added);
  return {
    path,
    blob: 'b',
    size: 1,
    language: 'TypeScript',
    excluded: null,
    loc,
    complexity: 1,
    cyclomatic: null,
    revisions: 1,
    churn: 1,
    totalRevisions: 1,
    authors: list,
    mainAuthor: list[0]?.name ?? null,
    mainAuthorShare: list[0]?.share ?? 0,
    firstCommitTime: 0,
    lastCommitTime: NOW,
  };
}

function input(files: FileStats[], overrides: Partial<AssessInput> = {}): AssessInput {
  const names = new Set(files.flatMap((f) => f.authors.map((a) => a.name)));
  return {
    files,
    moduleOf: (p) => p.split('/').slice(0, 2).join('/'),
    packageEntries: new Set(),
    lastActivity: new Map([...names].map((n) => [n, NOW - DAY])),
    now: NOW,
    codeowners: null,
    publishedPackages: [],
    backlog: { open: 0, judged: 0, flagged: 0 },
    ...overrides,
  };
}

describe('assessTeam', () => {
  it('leaves it to the founder or lead on a one-person app with a user interface', () => {
    const a = assessTeam(
      input([
        file('src/ui/App.tsx', { Fay: 100 }, 300),
        file('src/ui/Cart.tsx', { Fay: 100 }, 200),
        file('src/cart/cart.ts', { Fay: 100 }, 200),
      ]),
    );
    expect(a.verdict).toBe('lead-covers-it');
    expect(a.verdictText).toBe('a founder or lead who covers it');
    expect(a.score).toBe(0);
    expect(a.carriers).toEqual([{ name: 'Fay', modules: 2, ofModules: 2 }]);
    expect(a.signals.map((s) => [s.key, s.points])).toEqual([
      ['technology', 0],
      ['teams', 0],
      ['disguise', 0],
      ['knowledge', 0],
    ]);
    expect(a.signals[0]!.answer).toBe('No: it is an application with a user interface.');
    expect(a.signals[2]!.answer).toMatch(/^Not known: 0 of 0 open items could be judged/);
  });

  it('takes no package under a test folder for a published one', () => {
    const a = assessTeam(
      input([file('src/server/app.ts', { Fay: 100 }, 300)], {
        publishedPackages: ['src/__tests__/packages/child/package.json', 'test/fixtures/lib/package.json'],
      }),
    );
    const technology = a.signals.find((s) => s.key === 'technology')!;
    expect(technology.points).toBe(0);
    expect(technology.evidence).toContain('0 published packages (package.json with a name, not private)');
  });

  it('pairs a product owner with a tech lead for two teams where nobody knows most of the code', () => {
    const a = assessTeam(
      input([
        file('src/shop/a.ts', { Ann: 90, Bob: 10 }),
        file('src/shop/App.tsx', { Ann: 100 }, 200),
        file('src/admin/b.ts', { Cid: 100 }),
        file('src/admin/Admin.tsx', { Dee: 50, Cid: 50 }, 200),
      ]),
    );
    expect(a.signals.find((s) => s.key === 'teams')).toMatchObject({ figure: 2, points: 1 });
    expect(a.signals.find((s) => s.key === 'knowledge')).toMatchObject({ figure: 0, points: 1 });
    expect(a.verdict).toBe('po-with-tech-lead');
    expect(a.score).toBe(2);
  });

  it('calls for a dedicated technical product owner on a library with protocols, three teams and disguised requests', () => {
    const a = assessTeam(
      input(
        [
          file('src/core/index.ts', { Ann: 100 }),
          file('src/wire/api.proto', { Bob: 100 }),
          file('src/wire/codec.ts', { Bob: 100 }),
          file('src/cli/main.ts', { Cid: 100 }),
          file('src/old/legacy.ts', { Gone: 100 }),
        ],
        {
          packageEntries: new Set(['src/core/index.ts']),
          codeowners: {
            path: '.github/CODEOWNERS',
            owners: ['@acme/core', '@acme/wire', '@acme/cli', '@ann'],
          },
          backlog: { open: 10, judged: 8, flagged: 3 },
          lastActivity: new Map([
            ['Ann', NOW],
            ['Bob', NOW],
            ['Cid', NOW],
            ['Gone', NOW - 400 * DAY],
          ]),
        },
      ),
    );
    expect(a.signals.map((s) => [s.key, s.figure, s.points])).toEqual([
      ['technology', 1, 2],
      ['teams', 3, 2],
      ['disguise', 0.38, 2],
      ['knowledge', 0, 1],
    ]);
    expect(a.verdict).toBe('dedicated-tpo');
    expect(a.score).toBe(7);
    expect(a.signals[0]!.evidence).toContain(
      '1 protocol or schema definition (.proto, GraphQL, OpenAPI …): src/wire/api.proto',
    );
    expect(a.reasons[0]).toBe('Yes: it defines protocols or schemas that other systems use. (+2)');
  });
});
