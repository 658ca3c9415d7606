import { describe, expect, it } from 'vitest';
import {
  isBotAuthor,
  mergeAuthorActivity,
  mergeAuthorShares,
  resolveAuthorIdentities,
  SHARED_EMAIL_NAMES,
} from './identities.js';

describe('resolveAuthorIdentities', () => {
  it('merges spellings of one name and names sharing an email, named by the spelling with most commits', () => {
    const people = resolveAuthorIdentities([
      { name: 'Tj Holowaychuk', email: 'tj@vision-media.ca', commits: 1891 },
      { name: 'visionmedia', email: 'TJ@vision-media.ca', commits: 1285 },
      { name: 'TJ  Holowaychuk', email: 'tj@other.example.org', commits: 705 },
      { name: 'Ulises Gascón', email: 'ulises@a.io', commits: 9 },
      { name: 'Ulises Gascon', email: 'ulises@b.io', commits: 35 },
      { name: 'Doug Wilson', email: 'doug@d.io', commits: 1232 },
    ]);
    expect(people.get('visionmedia')).toBe('Tj Holowaychuk');
    // Linked to TJ by the name alone (another email), and through TJ to visionmedia.
    expect(people.get('TJ  Holowaychuk')).toBe('Tj Holowaychuk');
    expect(people.get('Tj Holowaychuk')).toBe('Tj Holowaychuk');
    expect(people.get('Ulises Gascón')).toBe('Ulises Gascon');
    expect(people.get('Doug Wilson')).toBe('Doug Wilson');
  });

  it('merges nobody through placeholder addresses or an address written under many names', () => {
    const shared = Array.from({ length: SHARED_EMAIL_NAMES }, (_, i) => ({
      name: `Builder ${String.fromCharCode(65 + i)}`,
      email: 'ci@corp.io',
      commits: 1,
    }));
    const people = resolveAuthorIdentities([
      { name: 'Ann', email: 'you@example.com', commits: 3 },
      { name: 'Bob', email: 'you@example.com', commits: 2 },
      { name: 'Cy', email: 'root@localhost', commits: 1 },
      { name: 'Di', email: 'root@localhost', commits: 1 },
      { name: 'Ed', email: 'noreply@github.com', commits: 1 },
      { name: 'Flo', email: 'NoReply@GitHub.com', commits: 1 },
      { name: 'Gil', email: '', commits: 1 },
      { name: 'Hal', email: '', commits: 1 },
      ...shared,
    ]);
    for (const [name, person] of people) expect(person).toBe(name);
  });

  it('keeps GitHub no-reply addresses personal', () => {
    const people = resolveAuthorIdentities([
      { name: 'Bjorn Lu', email: 'bjornlu.dev@gmail.com', commits: 505 },
      { name: 'bluwy', email: 'bjornlu.dev@gmail.com', commits: 78 },
      { name: 'bluwy', email: '34116392+bluwy@users.noreply.github.com', commits: 3 },
      { name: 'Bjorn', email: '34116392+bluwy@users.noreply.github.com', commits: 1 },
    ]);
    expect(new Set(people.values())).toEqual(new Set(['Bjorn Lu']));
  });
});

describe('mergeAuthorShares', () => {
  it("adds up one person's shares and lines and names the main author from the sums", () => {
    const merged = mergeAuthorShares(
      [
        { name: 'Dan', email: 'dan@d.io', added: 40, share: 0.4 },
        { name: 'Carol Chen', email: 'carol@c.io', added: 35, share: 0.35 },
        { name: 'cchen', email: 'carol@c.io', added: 25, share: 0.25 },
      ],
      new Map([
        ['cchen', 'Carol Chen'],
        ['Carol Chen', 'Carol Chen'],
      ]),
    );
    expect(merged.mainAuthor).toBe('Carol Chen');
    expect(merged.mainAuthorShare).toBeCloseTo(0.6, 10);
    expect(merged.authors.map((a) => [a.name, a.added])).toEqual([
      ['Carol Chen', 60],
      ['Dan', 40],
    ]);
  });

  it('answers a file with no authors with no main author', () => {
    expect(mergeAuthorShares([], new Map())).toEqual({ authors: [], mainAuthor: null, mainAuthorShare: 0 });
  });
});

describe('isBotAuthor', () => {
  it('knows bot accounts by their names, not people whose names contain "bot"', () => {
    expect(
      [
        'dependabot[bot]',
        'github-actions',
        'renovate-bot',
        'Renovate Bot',
        'semantic-release-bot',
        'imgbot',
      ].map(isBotAuthor),
    ).toEqual([true, true, true, true, true, true]);
    expect(['Abbott Lee', 'Botond Kiss', 'Talbot'].map(isBotAuthor)).toEqual([false, false, false]);
  });
});

describe('mergeAuthorActivity', () => {
  it("spans a person's first to last commit over all their spellings, under the most frequent one", () => {
    const activity = mergeAuthorActivity([
      { name: 'Carol Chen', email: 'carol@corp.io', commits: 3, first: 100, last: 400 },
      { name: 'cchen', email: 'carol@corp.io', commits: 1, first: 900, last: 900 },
      { name: 'cchen', email: 'cc@home.net', commits: 2, first: 50, last: 60 },
      { name: 'Dan', email: 'dan@corp.io', commits: 1, first: 10, last: 10 },
    ]);
    expect([...activity]).toEqual([
      ['Carol Chen', { email: 'carol@corp.io', first: 50, last: 900, commits: 6 }],
      ['Dan', { email: 'dan@corp.io', first: 10, last: 10, commits: 1 }],
    ]);
  });
});
