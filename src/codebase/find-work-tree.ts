/**
 * The top of the work tree holding a folder, found from the file system alone (no git process): the quick path of
 * `tpo locate` needs only the root and name openRepository would give, and starting git costs more than the rest
 * of its answer. It answers only in the plain case and says null whenever git might answer differently, so the
 * caller then asks git (openRepository).
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/** Variables that change where git looks for the repository or its work tree. */
const DISCOVERY_VARIABLES = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_COMMON_DIR',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
  'GIT_CONFIG',
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_SYSTEM',
  'GIT_CONFIG_COUNT',
  'GIT_CONFIG_PARAMETERS',
];

export interface WorkTreeRoot {
  /** The same path `git rev-parse --show-toplevel` prints (symbolic links resolved). */
  readonly root: string;
  /** The folder name without `.git`, as openRepository names it. */
  readonly name: string;
}

/**
 * The work tree root above (or at) `dir` and its name, as openRepository(dir) would give them for a work tree whose
 * `.git` is a folder or a `gitdir:` file; null when unsure: a discovery variable is set, `dir` is inside a `.git`
 * folder or a folder that looks like a git directory, the `.git` folder's config names another work tree, the
 * repository belongs to another user (git's safe.directory check), or no `.git` is found.
 * @example
 * findWorkTreeRoot('/work/app/src'); // { root: '/work/app', name: 'app' }
 */
export function findWorkTreeRoot(dir: string): WorkTreeRoot | null {
  if (DISCOVERY_VARIABLES.some((v) => process.env[v] !== undefined)) return null;
  let current: string;
  try {
    current = realpathSync(path.resolve(dir));
    if (!statSync(current).isDirectory()) return null;
  } catch {
    return null;
  }
  if (current.split(path.sep).includes('.git')) return null;
  const uid = process.getuid?.();
  for (;;) {
    // A folder with HEAD is (or may be) a git directory itself: a bare repository, which git finds first.
    if (statSync(path.join(current, 'HEAD'), { throwIfNoEntry: false })) return null;
    const dotGit = statSync(path.join(current, '.git'), { throwIfNoEntry: false });
    if (dotGit) {
      if (uid !== undefined && dotGit.uid !== uid) return null;
      if (dotGit.isDirectory()) {
        let config = '';
        try {
          config = readFileSync(path.join(current, '.git', 'config'), 'utf8');
        } catch {
          return null;
        }
        if (/^\s*worktree\s*=|^\s*bare\s*=\s*true\b/im.test(config)) return null;
      } else if (!dotGit.isFile()) return null;
      const base = path.basename(current);
      return { root: current, name: base.replace(/\.git$/, '') || base };
    }
    const parent = path.dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}

/**
 * The commit HEAD points at in the work tree at `root` (a root findWorkTreeRoot gave), read from the files under
 * `.git` alone (readGitDirHead); null when `.git` is not a folder.
 * @example
 * readHeadCommit('/work/app'); // '1f0c...' (40 hex digits)
 */
export function readHeadCommit(root: string): string | null {
  const gitDir = path.join(root, '.git');
  return statSync(gitDir, { throwIfNoEntry: false })?.isDirectory() ? readGitDirHead(gitDir) : null;
}

/**
 * The commit HEAD points at in a git directory, from its files alone (no git process): HEAD itself when detached,
 * else its branch's loose ref or its line in packed-refs. Null whenever it is not that plain (a linked work tree's
 * directory, whose refs live elsewhere, a symbolic ref outside refs/heads, an unborn branch, anything unreadable):
 * the caller then asks git or does without.
 * @example
 * readGitDirHead('/work/app/.git'); // '1f0c...'
 */
export function readGitDirHead(gitDir: string): string | null {
  const sha = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
  try {
    const head = readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim();
    if (sha.test(head)) return head;
    const ref = /^ref: (refs\/heads\/[^\s]+)$/.exec(head)?.[1];
    if (ref === undefined || ref.split('/').includes('..')) return null;
    const loose = statSync(path.join(gitDir, ref), { throwIfNoEntry: false });
    if (loose?.isFile()) {
      const value = readFileSync(path.join(gitDir, ref), 'utf8').trim();
      return sha.test(value) ? value : null;
    }
    const packed = readFileSync(path.join(gitDir, 'packed-refs'), 'utf8');
    for (const line of packed.split('\n')) {
      const [value, name] = line.split(' ');
      if (name === ref && value !== undefined && sha.test(value)) return value;
    }
    return null;
  } catch {
    return null;
  }
}
