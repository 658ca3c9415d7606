/**
 * Keeps a local bare copy of a remote repository for scanning: clones it the first time, fetches its branches
 * afterwards. What a worker does with a workspace repository given by URL.
 */
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { runGit } from './git.js';
import { openRepository, type RepositoryHandle } from './open-repository.js';

async function exists(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Clones `url` bare into `dir`, or fetches every branch into it when it is already there, and opens it. A
 * folder left half-cloned by a killed worker is cloned again.
 * @example
 * const repo = await mirrorRepository('https://github.com/fastify/fastify.git', '/var/cache/tpo/repos/3-fastify');
 */
export async function mirrorRepository(url: string, dir: string): Promise<RepositoryHandle> {
  if (await exists(path.join(dir, 'objects'))) {
    try {
      // Branches only (no pull-request refs); --prune forgets deleted ones. HEAD keeps the default branch.
      await runGit(['fetch', '--prune', '--quiet', 'origin', '+refs/heads/*:refs/heads/*'], { gitDir: dir });
      return await openRepository(dir);
    } catch {
      await rm(dir, { recursive: true, force: true });
    }
  }
  await mkdir(path.dirname(dir), { recursive: true });
  await rm(dir, { recursive: true, force: true });
  // Cloned beside its final place and renamed: a killed clone never looks like a finished one.
  const partial = `${dir}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  await runGit(['clone', '--bare', '--quiet', '--', url, partial]);
  await rename(partial, dir);
  return openRepository(dir);
}
