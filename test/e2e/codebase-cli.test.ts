import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRepo, type TestRepo } from '../helpers/git-repo.js';
import { runCli, runCliJson } from '../helpers/run-cli.js';

/** A small polyglot repository whose import graph is known by hand. */
function buildPolyglotRepo(): TestRepo {
  const repo = createTestRepo();
  repo.commit({
    message: 'start the shop',
    author: 'Ann <ann@example.com>',
    files: {
      'package.json': '{ "name": "shop", "type": "module" }\n',
      'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] } } }\n',
      'src/orders/order.ts': "import { tax } from '@/billing/tax.js';\nexport const order = () => tax(1);\n",
      'src/billing/tax.ts':
        "import { round } from '../util/round';\nexport const tax = (x: number) => round(x * 1.2);\n",
      'src/util/round.ts': 'export const round = (x: number) => Math.round(x);\n',
      'src/ui/page.tsx':
        "import { order } from '../orders/order.js';\nimport React from 'react';\nexport const Page = () => order();\n",
      'py/shop/__init__.py': '',
      'py/shop/cart.py': 'from .pricing import price\nimport os\n',
      'py/shop/pricing.py': 'def price():\n    return 1\n',
      'go.mod': 'module example.com/shop\n\ngo 1.21\n',
      'cmd/main.go':
        'package main\n\nimport (\n\t"fmt"\n\t"example.com/shop/internal/store"\n)\n\nfunc main() { fmt.Println(store.Name) }\n',
      'internal/store/store.go': 'package store\n\nconst Name = "x"\n',
      'java/com/shop/App.java':
        'package com.shop;\n\nimport com.shop.model.Item;\n\npublic class App { Item i; }\n',
      'java/com/shop/model/Item.java': 'package com.shop.model;\n\npublic class Item {}\n',
      'src/broken.ts': "import { nope } from './missing';\n",
    },
  });
  repo.commit({
    message: 'tax on orders',
    author: 'Bob <bob@example.com>',
    files: {
      'src/billing/tax.ts':
        "import { round } from '../util/round';\nexport const tax = (x: number) => {\n  if (x > 0) {\n    return round(x * 1.2);\n  }\n  return 0;\n};\n",
      'src/orders/order.ts': "import { tax } from '@/billing/tax.js';\nexport const order = () => tax(2);\n",
    },
  });
  return repo;
}

describe('tpo codebase commands', () => {
  let repo: TestRepo;
  let dbDir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    repo = buildPolyglotRepo();
    dbDir = mkdtempSync(path.join(os.tmpdir(), 'tpo-cli-'));
    env = { TPO_DATABASE_URL: path.join(dbDir, 'tpo.db') };
  });
  afterAll(() => {
    repo.remove();
    rmSync(dbDir, { recursive: true, force: true });
  });

  it('prints help and version', () => {
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    for (const command of ['scan', 'summary', 'hotspots', 'coupling', 'deps', 'owners'])
      expect(help.stdout).toContain(command);
    expect(runCli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('scans and prints one JSON object with the documented fields', () => {
    const scan = runCliJson<Record<string, unknown>>(['scan', repo.dir], { env });
    expect(scan).toMatchObject({
      commits: 2,
      changeSets: 2,
      files: 15,
      excludedFiles: 0,
      headCommit: repo.head(),
      kind: 'full',
    });
    expect(typeof scan.durationMs).toBe('number');
  });

  it('resolves imports in TypeScript, Python, Go and Java as written by hand', () => {
    const deps = (file: string) =>
      runCliJson<{
        imports: { to: string }[];
        importedBy: { from: string }[];
        unresolved: { specifier: string }[];
      }>(['deps', file, '--repo', repo.dir], { env });
    expect(deps('src/orders/order.ts').imports.map((e) => e.to)).toEqual(['src/billing/tax.ts']);
    expect(deps('src/billing/tax.ts').imports.map((e) => e.to)).toEqual(['src/util/round.ts']);
    expect(deps('src/ui/page.tsx').imports.map((e) => e.to)).toEqual(['src/orders/order.ts']);
    expect(deps('py/shop/cart.py').imports.map((e) => e.to)).toEqual(['py/shop/pricing.py']);
    expect(deps('cmd/main.go').imports.map((e) => e.to)).toEqual(['internal/store/store.go']);
    expect(deps('java/com/shop/App.java').imports.map((e) => e.to)).toEqual([
      'java/com/shop/model/Item.java',
    ]);
    expect(deps('src/broken.ts').unresolved.map((u) => u.specifier)).toEqual(['./missing']);
  });

  it('lists transitive dependents with their depth', () => {
    const report = runCliJson<{ dependents: { path: string; depth: number }[] }>(
      ['deps', 'src/util/round.ts', '--dependents', '--repo', repo.dir],
      { env },
    );
    expect(report.dependents).toEqual([
      { path: 'src/billing/tax.ts', depth: 1 },
      { path: 'src/orders/order.ts', depth: 2 },
      { path: 'src/ui/page.tsx', depth: 3 },
    ]);
  });

  it('answers hotspots, coupling, owners and summary', () => {
    const hot = runCliJson<{ hotspots: { path: string }[] }>(['hotspots', '--repo', repo.dir], { env });
    expect(hot.hotspots[0]!.path).toBe('src/billing/tax.ts');
    const co = runCliJson<{ results: { path: string; score: number }[] }>(
      ['coupling', 'src/billing/tax.ts', '--repo', repo.dir],
      { env },
    );
    // order.ts changed in every change set that touched tax.ts: the first prediction, with a calibrated confidence
    expect(co.results[0]!.path).toBe('src/orders/order.ts');
    expect(co.results[0]!.score).toBeGreaterThan(0.5);
    expect(co.results[0]!.score).toBeLessThanOrEqual(1);
    const owners = runCliJson<{ authors: { name: string }[] }>(['owners', 'src', '--repo', repo.dir], {
      env,
    });
    expect(owners.authors.map((a) => a.name).sort()).toEqual(['Ann', 'Bob']);
    const summary = runCli(['summary', '--repo', repo.dir], { env });
    expect(summary.status).toBe(0);
    expect(summary.stdout).toContain('Hotspots');
  });

  it('fails with one line and exit 2 on a folder that is not a repository and on an unknown revision', () => {
    const plain = mkdtempSync(path.join(os.tmpdir(), 'tpo-plain-'));
    try {
      const notRepo = runCli(['scan', plain], { env });
      expect(notRepo.status).toBe(2);
      expect(notRepo.stderr.trim().split('\n')).toHaveLength(1);
      expect(notRepo.stderr).toMatch(/is not a git repository/);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
    const badRev = runCli(['scan', repo.dir, '--until', 'nope'], { env });
    expect(badRev.status).toBe(2);
    expect(badRev.stderr).toMatch(/unknown revision "nope"/);
    // A new orphan branch: HEAD names a branch without commits while others have them.
    const orphan = mkdtempSync(path.join(os.tmpdir(), 'tpo-orphan-'));
    try {
      repo.git('clone', '-q', repo.dir, orphan);
      repo.git('-C', orphan, 'checkout', '-q', '--orphan', 'fresh');
      const unborn = runCli(['scan', orphan, '--db', path.join(orphan, 'tpo.db')], { env: {} });
      expect(unborn.status).toBe(2);
      expect(unborn.stderr).toMatch(
        /^tpo: HEAD is on branch "fresh" in .+, which has no commits yet; commit first/,
      );
      expect(unborn.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      rmSync(orphan, { recursive: true, force: true });
    }
    const unknownFile = runCli(['deps', 'no/such.ts', '--repo', repo.dir], { env });
    expect(unknownFile.status).toBe(2);
    const badOption = runCli(['hotspots', '--limit', 'many', '--repo', repo.dir], { env });
    expect(badOption.status).toBe(2);
  });

  it('keeps its default store in .tpo/ and out of git status', () => {
    const result = runCli(['scan'], { cwd: repo.dir });
    expect(result.status).toBe(0);
    expect(repo.git('status', '--porcelain').trim()).toBe('');
  });
});

describe('tpo scan of a repository of many files', () => {
  it('measures them in a worker thread with the same figures as in the main thread', () => {
    // 150 files (enough for the worker): a chain of TypeScript modules, each importing the one before it, and
    // Python modules that need a grammar of their own.
    const repo = createTestRepo();
    const files: Record<string, string> = { 'package.json': '{ "name": "chain", "type": "module" }\n' };
    for (let i = 0; i < 120; i += 1)
      files[`src/m${i}.ts`] =
        (i === 0 ? '' : `import { v${i - 1} } from './m${i - 1}.js';\n`) +
        `export const v${i} = (x: number) => {\n  if (x > ${i}) {\n    return x;\n  }\n  return ${i};\n};\n`;
    for (let i = 0; i < 30; i += 1)
      files[`py/p${i}.py`] = i === 0 ? 'import os\n' : `from . import p${i - 1}\n`;
    repo.commit({ message: 'a long chain', author: 'Ann <ann@example.com>', files });
    const dbDir = mkdtempSync(path.join(os.tmpdir(), 'tpo-cli-'));
    try {
      const scan = runCliJson<Record<string, unknown>>([
        'scan',
        repo.dir,
        '--db',
        path.join(dbDir, 'tpo.db'),
      ]);
      expect(scan).toMatchObject({ files: 151, measuredFiles: 151, blobsMeasured: 151, imports: 148 });
      const { hotspots } = runCliJson<{ hotspots: { path: string; complexity: number; loc: number }[] }>([
        'hotspots',
        '--repo',
        repo.dir,
        '--db',
        path.join(dbDir, 'tpo.db'),
        '--limit',
        '200',
      ]);
      expect(hotspots.find((h) => h.path === 'src/m7.ts')).toMatchObject({ loc: 7, complexity: 5 });
    } finally {
      repo.remove();
      rmSync(dbDir, { recursive: true, force: true });
    }
  });
});
