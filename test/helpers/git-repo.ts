/**
 * Builds real git repositories in temp folders for tests: files, authors, dates and messages as data.
 * No mocked git, ever.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface CommitSpec {
  readonly message: string;
  /** "Name <email>"; default "Ann Author <ann@example.com>". */
  readonly author?: string;
  /** ISO date or Unix seconds; default: one day after the previous commit. */
  readonly date?: string | number;
  /** path -> content (string or Buffer); null deletes the file. */
  readonly files?: Readonly<Record<string, string | Buffer | null>>;
  /** old path -> new path, done with `git mv` before the file edits. */
  readonly renames?: Readonly<Record<string, string>>;
  readonly allowEmpty?: boolean;
}

export interface TestRepo {
  readonly dir: string;
  git(...args: string[]): string;
  commit(spec: CommitSpec): string;
  /** Creates and switches to a branch at the current commit. */
  branch(name: string): void;
  checkout(ref: string): void;
  /** Merges branches with a merge commit (--no-ff); several names make an octopus merge. */
  merge(names: string | readonly string[], spec?: Omit<CommitSpec, 'files' | 'renames'>): string;
  head(): string;
  remove(): void;
}

const BASE_TIME = Date.UTC(2024, 0, 1) / 1000;

function parseAuthor(author: string): { name: string; email: string } {
  const m = /^(.*?)\s*<(.*)>$/.exec(author);
  return m
    ? { name: m[1]!, email: m[2]! }
    : { name: author, email: `${author.toLowerCase().replace(/\W+/g, '.')}@example.com` };
}

export function createTestRepo(options: { bare?: false; branch?: string } = {}): TestRepo {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tpo-repo-'));
  let clock = BASE_TIME;
  const git = (...args: string[]): string =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_CONFIG_NOSYSTEM: '1',
        HOME: dir,
        GIT_AUTHOR_NAME: 'x',
        GIT_COMMITTER_NAME: 'x',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  git('init', '-q', '-b', options.branch ?? 'main');
  git('config', 'user.name', 'Test');
  git('config', 'user.email', 'test@example.com');
  git('config', 'commit.gpgsign', 'false');

  const withDate = (
    spec: { author?: string; date?: string | number },
    fn: (env: NodeJS.ProcessEnv) => string,
  ): string => {
    const when =
      spec.date === undefined
        ? (clock += 86_400)
        : typeof spec.date === 'number'
          ? spec.date
          : Date.parse(spec.date) / 1000;
    clock = Math.max(clock, when);
    const { name, email } = parseAuthor(spec.author ?? 'Ann Author <ann@example.com>');
    const stamp = `${when} +0000`;
    return fn({
      ...process.env,
      HOME: dir,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: name,
      GIT_AUTHOR_EMAIL: email,
      GIT_COMMITTER_NAME: name,
      GIT_COMMITTER_EMAIL: email,
      GIT_AUTHOR_DATE: stamp,
      GIT_COMMITTER_DATE: stamp,
    });
  };

  const repo: TestRepo = {
    dir,
    git,
    commit(spec) {
      for (const [from, to] of Object.entries(spec.renames ?? {})) {
        mkdirSync(path.dirname(path.join(dir, to)), { recursive: true });
        git('mv', '--', from, to);
      }
      for (const [file, content] of Object.entries(spec.files ?? {})) {
        const full = path.join(dir, file);
        if (content === null) {
          git('rm', '-q', '--', file);
        } else {
          mkdirSync(path.dirname(full), { recursive: true });
          writeFileSync(full, content);
          git('add', '--', file);
        }
      }
      return withDate(spec, (env) => {
        execFileSync(
          'git',
          ['commit', '-q', '--no-verify', ...(spec.allowEmpty ? ['--allow-empty'] : []), '-m', spec.message],
          { cwd: dir, env, stdio: 'pipe' },
        );
        return git('rev-parse', 'HEAD').trim();
      });
    },
    branch(name) {
      git('checkout', '-q', '-b', name);
    },
    checkout(ref) {
      git('checkout', '-q', ref);
    },
    merge(names, spec = { message: 'Merge' }) {
      const list = typeof names === 'string' ? [names] : [...names];
      return withDate(spec, (env) => {
        execFileSync('git', ['merge', '-q', '--no-ff', '--no-edit', '-m', spec.message, ...list], {
          cwd: dir,
          env,
          stdio: 'pipe',
        });
        return git('rev-parse', 'HEAD').trim();
      });
    },
    head() {
      return git('rev-parse', 'HEAD').trim();
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return repo;
}

/** Renames a file on disk without git (for tests that need an untracked change). */
export function moveFile(repo: TestRepo, from: string, to: string): void {
  renameSync(path.join(repo.dir, from), path.join(repo.dir, to));
}
