import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchitectureReport, DependencyReview } from '../../src/domain/index.js';
import { buildArchRepo } from '../helpers/arch-repo.js';
import { createTestRepo, type TestRepo } from '../helpers/git-repo.js';
import { runCli, runCliJson } from '../helpers/run-cli.js';
import { getSarifErrors } from '../helpers/sarif.js';

describe('tpo arch', () => {
  let repo: TestRepo;
  let dbDir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    repo = buildArchRepo();
    dbDir = mkdtempSync(path.join(os.tmpdir(), 'tpo-arch-'));
    env = { TPO_DATABASE_URL: path.join(dbDir, 'tpo.db') };
  });
  afterAll(() => {
    repo.remove();
    rmSync(dbDir, { recursive: true, force: true });
  });

  it('reports the import that breaks a declared rule, with its file, line and reason', () => {
    const report = runCliJson<ArchitectureReport>(['arch', '--repo', repo.dir], { env });
    expect(report.source).toEqual({ file: 'tpo.config.yaml', from: 'commit' });
    expect(report.modulesFrom).toBe('declared');
    expect(report.violations).toEqual([
      {
        rule: 'ui-through-app',
        severity: 'error',
        reason: 'the UI goes through the use cases in app, so that rules live in one place',
        fromModule: 'ui',
        toModule: 'db',
        from: 'src/ui/page.ts',
        to: 'src/db/table.ts',
        specifier: '../db/table.js',
        line: 2,
        external: false,
        baselined: false,
      },
      {
        rule: 'off-lodash',
        severity: 'warn',
        reason: 'we are replacing lodash with the standard library',
        fromModule: 'app',
        toModule: 'lodash',
        from: 'src/app/orders.ts',
        to: 'lodash',
        specifier: 'lodash',
        line: 3,
        external: true,
        baselined: false,
      },
    ]);
    // The test file that imports the database is ignored by the configuration.
    expect(report.ignoredFiles).toBe(1);
  });

  it('finds the hidden dependency between modules that change together without importing each other', () => {
    const report = runCliJson<ArchitectureReport>(['arch', '--repo', repo.dir], { env });
    expect(report.couplings[0]).toEqual({
      a: 'billing',
      b: 'mail',
      importsAB: 0,
      importsBA: 0,
      // The first commit adds both, then six change sets touch both: seven shared of seven each.
      shared: 7,
      changeSetsA: 7,
      changeSetsB: 7,
      degree: 1,
      hidden: true,
    });
    expect(report.modules.find((m) => m.module === 'db')).toEqual({
      module: 'db',
      files: 1,
      afferent: 2,
      efferent: 1,
      instability: 1 / 3,
    });
    expect(report.diagram).toContain('-.-|"changes with: 100 %"|');
  });

  it('prints text, Markdown with a Mermaid diagram, and SARIF that validates', () => {
    const text = runCli(['arch', '--repo', repo.dir], { env });
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('src/ui/page.ts:2 -> ../db/table.js');
    expect(text.stdout).toContain('billing <-> mail');
    const md = runCli(['arch', '--repo', repo.dir, '--format', 'markdown'], { env });
    expect(md.stdout).toContain('```mermaid\nflowchart LR');
    const sarif = runCli(['arch', '--repo', repo.dir, '--format', 'sarif'], { env });
    expect(sarif.status).toBe(0);
    const log = JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string }[] }[] };
    expect(getSarifErrors(log)).toEqual([]);
    expect(log.runs[0]!.results.map((r) => r.ruleId)).toEqual(['ui-through-app', 'off-lodash']);
  });

  it('sets the exit status with --fail-on, and --baseline lets CI fail only on new violations', () => {
    expect(runCli(['arch', '--repo', repo.dir], { env }).status).toBe(0);
    const failing = runCli(['arch', '--repo', repo.dir, '--fail-on', 'error'], { env });
    expect(failing.status).toBe(1);
    expect(failing.stderr).toMatch(/1 architecture violation of severity error not in the baseline/);
    const warnings = runCli(['arch', '--repo', repo.dir, '--fail-on', 'warn'], { env });
    expect(warnings.stderr).toMatch(
      /2 architecture violations of severity warn or error not in the baseline/,
    );
    expect(runCli(['arch', '--repo', repo.dir, '--fail-on', 'bogus'], { env }).status).toBe(2);

    const baseline = runCli(['arch', '--repo', repo.dir, '--baseline'], { env });
    expect(baseline.status).toBe(0);
    const file = path.join(repo.dir, 'tpo.arch-baseline.json');
    expect(baseline.stdout).toContain(`Recorded 2 known violations in ${file}`);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      version: 1,
      violations: [
        { rule: 'off-lodash', from: 'src/app/orders.ts', to: 'lodash' },
        { rule: 'ui-through-app', from: 'src/ui/page.ts', to: 'src/db/table.ts' },
      ],
    });
    expect(runCli(['arch', '--repo', repo.dir, '--fail-on', 'error'], { env }).status).toBe(0);
    expect(runCli(['arch', '--repo', repo.dir, '--fail-on', 'warn'], { env }).status).toBe(0);

    // Committed with the baseline, then a new violation arrives: only it fails the gate.
    repo.git('add', 'tpo.arch-baseline.json');
    repo.commit({
      message: 'a list page that reads the table directly',
      files: { 'src/ui/list.ts': "import { table } from '../db/table.js';\nexport const list = table;\n" },
    });
    const again = runCli(['arch', '--repo', repo.dir, '--fail-on', 'error', '--until', 'HEAD'], { env });
    expect(again.status).toBe(1);
    const report = runCliJson<ArchitectureReport>(['arch', '--repo', repo.dir], { env });
    expect(report.violations.map((v) => [v.from, v.baselined])).toEqual([
      ['src/ui/list.ts', false],
      ['src/ui/page.ts', true],
      ['src/app/orders.ts', true],
    ]);
    expect(report.newViolations).toBe(1);
  });
});

describe('tpo arch configuration sources', () => {
  let repo: TestRepo;
  let dbDir: string;
  let env: Record<string, string>;
  let good: string;
  beforeAll(() => {
    repo = createTestRepo();
    repo.commit({
      message: 'two layers',
      files: {
        '.tpo/architecture.yaml':
          'modules:\n  - name: a\n    paths: [a/**]\n  - name: b\n    paths: [b/**]\nrules:\n  - from: a\n    mustNotImport: b\n    reason: a stays below b\n',
        'a/x.ts': "import { y } from '../b/y.js';\nexport const x = y;\n",
        'b/y.ts': 'export const y = 1;\n',
      },
    });
    good = repo.head();
    repo.commit({
      message: 'a broken configuration',
      files: { 'tpo.config.yaml': 'architecture:\n  modules:\n    - name: a\n      path: [a/**]\n' },
    });
    dbDir = mkdtempSync(path.join(os.tmpdir(), 'tpo-arch-config-'));
    env = { TPO_DATABASE_URL: path.join(dbDir, 'tpo.db') };
  });
  afterAll(() => {
    repo.remove();
    rmSync(dbDir, { recursive: true, force: true });
  });

  it('explains a malformed configuration with its file, line and what was expected', () => {
    const result = runCli(['arch', '--repo', repo.dir], { env });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'tpo: tpo.config.yaml:4:7: modules[0] has an unknown key "path"; expected name and paths. Fix the architecture configuration and run again.\n',
    );
  });

  it('reads the configuration of the revision given with --until, from git', () => {
    const report = runCliJson<ArchitectureReport>(['arch', '--repo', repo.dir, '--until', good], { env });
    expect(report.source).toEqual({ file: '.tpo/architecture.yaml', from: 'commit' });
    expect(report.violations.map((v) => v.rule)).toEqual(['a-must-not-import-b']);
  });

  it('works on a bare repository, reading the configuration from the scanned commit', () => {
    const bare = `${repo.dir}-bare.git`;
    execFileSync('git', ['clone', '-q', '--bare', repo.dir, bare]);
    try {
      const result = runCli(['arch', '--repo', bare, '--until', good, '--fail-on', 'error'], { env });
      expect(result.status).toBe(1);
      expect(result.stdout).toContain('a/x.ts:1 -> ../b/y.js');
      expect(runCli(['arch', '--repo', bare, '--baseline'], { env }).stderr).toMatch(/bare repository/);
      expect(existsSync(path.join(bare, 'tpo.arch-baseline.json'))).toBe(false);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});

describe('tpo arch configuration in the working tree', () => {
  it('says when the working tree holds a configuration the review does not use, and why', () => {
    const repo = createTestRepo();
    const dbDir = mkdtempSync(path.join(os.tmpdir(), 'tpo-arch-wt-'));
    const env = { TPO_DATABASE_URL: path.join(dbDir, 'tpo.db') };
    try {
      const config = 'architecture:\n  modules:\n    - name: a\n      paths: [a/**]\n';
      repo.commit({ message: 'a', files: { 'a/x.ts': 'export const x = 1;\n', 'tpo.config.yaml': config } });
      writeFileSync(path.join(repo.dir, 'tpo.config.yaml'), `${config}    - name: b\n      paths: [b/**]\n`);
      const edited = runCliJson<ArchitectureReport>(['arch', '--repo', repo.dir], { env });
      expect(edited.modules.map((m) => m.module)).toEqual(['a']);
      expect(edited.notices[0]).toMatch(/^tpo\.config\.yaml has changes in the working tree/);

      // A draft never committed is used at HEAD, and said so.
      repo.git('rm', '-q', '--cached', 'tpo.config.yaml');
      repo.commit({ message: 'uncommit the configuration', files: {} });
      const draft = runCliJson<ArchitectureReport>(['arch', '--repo', repo.dir, '--until', 'HEAD'], { env });
      expect(draft.source).toEqual({ file: 'tpo.config.yaml', from: 'worktree' });
      expect(draft.modules.map((m) => m.module)).toEqual(['a', 'b']);
      expect(draft.notices[0]).toMatch(/not in the scanned commit: read from the working tree/);
    } finally {
      repo.remove();
      rmSync(dbDir, { recursive: true, force: true });
    }
  });
});

describe('tpo deps-review', () => {
  let repo: TestRepo;
  let dbDir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    repo = buildArchRepo();
    dbDir = mkdtempSync(path.join(os.tmpdir(), 'tpo-deps-'));
    env = { TPO_DATABASE_URL: path.join(dbDir, 'tpo.db') };
  });
  afterAll(() => {
    repo.remove();
    rmSync(dbDir, { recursive: true, force: true });
  });

  it('reads lockfiles of every kind from the repository, offline', () => {
    const review = runCliJson<DependencyReview>(['deps-review', '--repo', repo.dir], { env });
    expect(review.sources.map((s) => `${s.file} ${s.kind} ${s.packages}`)).toEqual([
      'go/go.mod lockfile 3',
      'go/go.sum lockfile 0',
      'gradle/build.gradle manifest 3',
      'gradle/gradle.lockfile lockfile 4',
      'maven/pom.xml manifest 3',
      'package-lock.json lockfile 6',
      'package.json manifest 3',
      'pip/requirements.txt lockfile 3',
      'pnpm/pnpm-lock.yaml lockfile 5',
      'poetry/poetry.lock lockfile 4',
      'poetry/pyproject.toml manifest 3',
      'uv/uv.lock lockfile 3',
      'yarn-berry/yarn.lock lockfile 2',
      'yarn-classic/package.json manifest 1',
      'yarn-classic/yarn.lock lockfile 3',
    ]);
    expect(review.problems).toEqual([]);
    expect(review.unknowns.at(-1)).toMatch(/tpo works offline/);
  });

  it('gives each package its versions, licence and the code that imports it', () => {
    const review = runCliJson<DependencyReview>(['deps-review', '--repo', repo.dir], { env });
    const get = (name: string) => review.packages.find((p) => p.name === name)!;
    expect(get('react')).toMatchObject({ direct: true, dev: false, versions: ['18.2.0'], licenses: ['MIT'] });
    expect(get('react').usage).toMatchObject({ files: 1, imports: 1, examples: ['src/ui/page.ts'] });
    expect(get('lodash').versions).toEqual(['3.10.1', '4.17.21']);
    expect(review.duplicates.map((d) => d.name)).toContain('lodash');
    expect(get('pyyaml').usage.files).toBe(1);
    expect(get('github.com/google/uuid').usage.files).toBe(1);
    expect(get('com.google.guava:guava')).toMatchObject({ direct: true, versions: ['33.0.0-jre'] });
    expect(get('com.google.guava:guava').usage.files).toBe(1);
    expect(get('golang.org/x/text')).toMatchObject({ direct: false });
  });

  it('takes licences from installed metadata in the working tree', () => {
    const pkgDir = path.join(repo.dir, 'yarn-classic/node_modules/@babel/code-frame');
    mkdirSync(pkgDir, { recursive: true });
    writeFileSync(path.join(pkgDir, 'package.json'), JSON.stringify({ version: '7.22.13', license: 'MIT' }));
    const dist = path.join(repo.dir, '.venv/lib/python3.11/site-packages/certifi-2024.2.2.dist-info');
    mkdirSync(dist, { recursive: true });
    writeFileSync(
      path.join(dist, 'METADATA'),
      'Metadata-Version: 2.1\nName: certifi\nVersion: 2024.2.2\nLicense: MPL-2.0\n\nbody\n',
    );
    const review = runCliJson<DependencyReview>(['deps-review', '--repo', repo.dir], { env });
    expect(review.packages.find((p) => p.name === '@babel/code-frame')!.licenses).toEqual(['MIT']);
    expect(review.packages.find((p) => p.name === 'certifi')!.licenses).toEqual(['MPL-2.0']);
  });

  it('prints Markdown and text', () => {
    const md = runCli(['deps-review', '--repo', repo.dir, '--markdown'], { env });
    expect(md.status).toBe(0);
    expect(md.stdout).toContain('### Direct dependencies and their blast radius');
    const text = runCli(['deps-review', '--repo', repo.dir], { env });
    expect(text.stdout).toContain('What tpo could not know offline');
  });
});
