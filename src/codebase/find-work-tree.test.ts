import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRepo, type TestRepo } from '../../test/helpers/git-repo.js';
import { findWorkTreeRoot, readGitDirHead, readHeadCommit } from './find-work-tree.js';
import { openRepository } from './open-repository.js';

describe('finding the work tree without git', () => {
  let repo: TestRepo;
  let scratch: string;

  beforeAll(() => {
    repo = createTestRepo();
    repo.commit({ message: 'first', files: { 'src/a.ts': 'export const a = 1;\n' } });
    scratch = mkdtempSync(path.join(os.tmpdir(), 'tpo-work-tree-'));
  });
  afterAll(() => {
    repo.remove();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('gives the root and name git gives, from the root, a subfolder, a symbolic link and a linked work tree', async () => {
    const link = path.join(scratch, 'link');
    symlinkSync(repo.dir, link);
    const linked = path.join(scratch, 'linked.git');
    repo.git('worktree', 'add', '-q', '--detach', linked);
    for (const dir of [repo.dir, path.join(repo.dir, 'src'), link, path.join(link, 'src'), linked]) {
      const { root, name } = await openRepository(dir);
      expect(findWorkTreeRoot(dir)).toEqual({ root, name });
    }
    expect(findWorkTreeRoot(linked)?.name).toBe('linked');
  });

  it('says nothing where git might answer otherwise: a .git folder, a bare repository, GIT_DIR, no repository', () => {
    expect(findWorkTreeRoot(path.join(repo.dir, '.git'))).toBeNull();
    expect(findWorkTreeRoot(path.join(repo.dir, '.git', 'refs'))).toBeNull();
    const bare = path.join(scratch, 'bare.git');
    repo.git('clone', '-q', '--bare', repo.dir, bare);
    expect(findWorkTreeRoot(bare)).toBeNull();
    const plain = path.join(scratch, 'plain');
    mkdirSync(plain);
    // The scratch folder is under the system's temp folder, which no repository holds.
    expect(findWorkTreeRoot(plain)).toBeNull();
    expect(findWorkTreeRoot(path.join(scratch, 'missing'))).toBeNull();
    process.env.GIT_DIR = path.join(repo.dir, '.git');
    try {
      expect(findWorkTreeRoot(repo.dir)).toBeNull();
    } finally {
      delete process.env.GIT_DIR;
    }
  });

  it('reads the commit HEAD points at as git does: loose ref, packed ref, detached, and nothing for an unborn branch', () => {
    const fresh = createTestRepo();
    try {
      expect(readHeadCommit(fresh.dir)).toBeNull(); // no commit yet
      fresh.commit({ message: 'one', files: { 'a.txt': '1\n' } });
      expect(readHeadCommit(fresh.dir)).toBe(fresh.head());
      fresh.git('pack-refs', '--all', '--prune'); // the branch now lives in packed-refs only
      fresh.commit({ message: 'two', files: { 'a.txt': '2\n' } });
      fresh.git('pack-refs', '--all', '--prune');
      expect(readHeadCommit(fresh.dir)).toBe(fresh.git('rev-parse', 'HEAD').trim());
      const first = fresh.git('rev-parse', 'HEAD~1').trim();
      fresh.git('checkout', '-q', '--detach', first);
      expect(readHeadCommit(fresh.dir)).toBe(first);
      // A bare repository's git directory, and a linked work tree's (its refs live in the main one: not plain).
      const bare = path.join(scratch, 'head-bare.git');
      fresh.git('clone', '-q', '--bare', fresh.dir, bare);
      expect(readGitDirHead(bare)).toBe(fresh.git('-C', bare, 'rev-parse', 'HEAD').trim());
      const linked = path.join(scratch, 'head-linked');
      fresh.git('worktree', 'add', '-q', '-b', 'side', linked);
      expect(readGitDirHead(path.join(fresh.dir, '.git', 'worktrees', 'head-linked'))).toBeNull();
      fresh.git('checkout', '-q', '--orphan', 'unborn');
      expect(readHeadCommit(fresh.dir)).toBeNull();
      expect(readHeadCommit(path.join(scratch, 'missing'))).toBeNull();
    } finally {
      fresh.remove();
    }
  });
});
