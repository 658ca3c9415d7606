/**
 * Finds the git repository at a path and resolves revisions in it.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { TpoError } from '../domain/index.js';
import { runGit } from './git.js';

export interface RepositoryHandle {
  /** Absolute git directory: every later git command uses it, so bare repositories work. */
  readonly gitDir: string;
  /** Absolute top of the work tree, or null for a bare repository. */
  readonly workTree: string | null;
  /** Where tpo keeps its files for this repository: the work tree, or the git directory when bare. */
  readonly root: string;
  readonly isBare: boolean;
  readonly isShallow: boolean;
  /** A short name for people: the folder name without `.git`. */
  readonly name: string;
}

/** Opens the git repository containing `dir`; throws NotAGitRepo with a fix when there is none. */
export async function openRepository(dir: string): Promise<RepositoryHandle> {
  const absolute = path.resolve(dir);
  try {
    const info = await stat(absolute);
    if (!info.isDirectory())
      throw new TpoError(
        'NotAGitRepo',
        `${absolute} is a file, not a folder; point tpo at a git repository folder.`,
      );
  } catch (error) {
    if (error instanceof TpoError) throw error;
    throw new TpoError('NotAGitRepo', `${absolute} does not exist; point tpo at a git repository folder.`, {
      path: absolute,
    });
  }
  // One git call in the usual case (a work tree). --show-toplevel fails in a bare repository and inside .git;
  // the two calls below sort those out (and a folder that is no repository).
  const quick = await runGit(
    ['rev-parse', '--absolute-git-dir', '--is-bare-repository', '--is-shallow-repository', '--show-toplevel'],
    { cwd: absolute },
  ).catch(() => null);
  const [quickGitDir, quickBare, quickShallow, quickTop] = quick?.trim().split('\n') ?? [];
  if (quickGitDir && quickBare?.trim() === 'false' && quickShallow !== undefined && quickTop) {
    const base = path.basename(quickTop);
    return {
      gitDir: quickGitDir,
      workTree: quickTop,
      root: quickTop,
      isBare: false,
      isShallow: quickShallow.trim() === 'true',
      name: base.replace(/\.git$/, '') || base,
    };
  }
  let out: string;
  try {
    out = await runGit(
      ['rev-parse', '--absolute-git-dir', '--is-bare-repository', '--is-shallow-repository'],
      {
        cwd: absolute,
      },
    );
  } catch (error) {
    throw new TpoError(
      'NotAGitRepo',
      `${absolute} is not a git repository; run tpo inside one, pass its path, or create one with "git init".`,
      { path: absolute },
      { cause: error },
    );
  }
  const [gitDir = '', bare = 'false', shallow = 'false'] = out.trim().split('\n');
  const isBare = bare.trim() === 'true';
  let workTree: string | null = null;
  if (!isBare) {
    workTree = (await runGit(['rev-parse', '--show-toplevel'], { cwd: absolute })).trim() || null;
  }
  const root = workTree ?? gitDir;
  const base = path.basename(workTree ?? gitDir.replace(/\/\.git$/, ''));
  return {
    gitDir,
    workTree,
    root,
    isBare,
    isShallow: shallow.trim() === 'true',
    name: base.replace(/\.git$/, '') || base,
  };
}

/** Resolves a revision to a commit sha; null when the repository has no commits and `rev` is HEAD. */
export async function resolveCommit(repo: RepositoryHandle, rev: string): Promise<string | null> {
  if (rev.startsWith('-'))
    throw new TpoError('UnknownRevision', `"${rev}" is not a revision; revisions do not start with "-".`);
  try {
    return (
      await runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], {
        gitDir: repo.gitDir,
      })
    ).trim();
  } catch {
    if (rev === 'HEAD') {
      const hasAny = (await runGit(['rev-list', '-n', '1', '--all'], { gitDir: repo.gitDir })).trim();
      if (hasAny === '') return null;
      // Other branches have commits, HEAD's does not (a new orphan branch): say which, not "unknown revision".
      const branch = (
        await runGit(['symbolic-ref', '-q', '--short', 'HEAD'], { gitDir: repo.gitDir }).catch(() => '')
      ).trim();
      if (branch !== '')
        throw new TpoError(
          'UnknownRevision',
          `HEAD is on branch "${branch}" in ${repo.root}, which has no commits yet; commit first, or check out a branch with history ("git branch -a" lists them).`,
          { rev },
        );
    }
    throw new TpoError(
      'UnknownRevision',
      `unknown revision "${rev}" in ${repo.root}; check the name with "git log --oneline" or "git branch -a".`,
      { rev },
    );
  }
}

/** True when `ancestor` is reachable from `descendant`. */
export async function isAncestor(
  repo: RepositoryHandle,
  ancestor: string,
  descendant: string,
): Promise<boolean> {
  try {
    await runGit(['merge-base', '--is-ancestor', ancestor, descendant], { gitDir: repo.gitDir });
    return true;
  } catch {
    return false;
  }
}
