import { afterAll, describe, expect, it } from 'vitest';
import { createDedicatedRepo, createLeadRepo, createPairedRepo } from '../helpers/assess-repos.js';
import type { TestRepo } from '../helpers/git-repo.js';
import { runCli, runCliJson } from '../helpers/run-cli.js';
import { createTestStore, type TestStore } from '../helpers/stores.js';

interface AssessJson {
  verdict: string;
  verdictText: string;
  score: number;
  signals: { key: string; figure: number | null; points: number; evidence: string[] }[];
  carriers: { name: string; modules: number; ofModules: number }[];
}

// Each repository is built to hit one verdict (test/helpers/assess-repos.ts); SQLite stores.
describe('tpo assess', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanup) await c();
  });

  async function assess(
    create: () => TestRepo,
    ...args: string[]
  ): Promise<{ json: AssessJson; text: string; markdown: string }> {
    const repo = create();
    const ts: TestStore = await createTestStore('sqlite');
    cleanup.push(
      () => repo.remove(),
      () => ts.dispose(),
    );
    const opts = { cwd: repo.dir, env: { ...ts.env } };
    const before = runCli(['assess'], opts);
    expect(before.status).toBe(2);
    expect(before.stderr).toMatch(
      /^tpo: the repository was never scanned, so there is nothing to assess; run "tpo scan" first/,
    );
    expect(runCli(['scan'], opts).status).toBe(0);
    return {
      json: runCliJson<AssessJson>(['assess', ...args], opts),
      text: runCli(['assess', ...args], opts).stdout,
      markdown: runCli(['assess', '--markdown', ...args], opts).stdout,
    };
  }

  it('leaves it to the founder who knows all the code of a one-person app', async () => {
    const { json, text } = await assess(createLeadRepo);
    expect(json).toMatchObject({ verdict: 'lead-covers-it', score: 0 });
    expect(json.carriers).toEqual([{ name: 'Fay Founder', modules: 2, ofModules: 2 }]);
    expect(text).toMatch(
      /^Do we need a technical product owner\? A founder or lead who covers it \(score 0;/,
    );
    expect(text).toContain('Who already carries the function: Fay Founder (knows 2 of 2 modules).');
  });

  it('pairs a product owner with a tech lead for two groups that work apart', async () => {
    const { json, markdown } = await assess(createPairedRepo);
    expect(json).toMatchObject({ verdict: 'po-with-tech-lead', score: 2, carriers: [] });
    expect(json.signals.map((s) => [s.key, s.figure, s.points])).toEqual([
      ['technology', 0, 0],
      ['teams', 2, 1],
      ['disguise', null, 0],
      ['knowledge', 0, 1],
    ]);
    expect(markdown).toMatch(
      /^# Do we need a technical product owner\?\n\n\*\*Verdict: a product owner paired with a tech lead\*\*/,
    );
    expect(markdown).toContain('- 2 groups of active authors by module: [Ann, Bob] [Cid, Dee]');
  });

  it('calls for a dedicated technical product owner on a published library with a protocol and three teams', async () => {
    const { json } = await assess(createDedicatedRepo);
    expect(json).toMatchObject({ verdict: 'dedicated-tpo', score: 5 });
    const tech = json.signals.find((s) => s.key === 'technology')!;
    expect(tech.evidence).toEqual(
      expect.arrayContaining([
        '1 protocol or schema definition (.proto, GraphQL, OpenAPI …): src/wire/api.proto',
        '1 published package (package.json with a name, not private): package.json',
      ]),
    );
    expect(json.signals.find((s) => s.key === 'teams')!.evidence[0]).toBe(
      '.github/CODEOWNERS names 3 teams: @acme/cli, @acme/core, @acme/wire',
    );
  });
});
