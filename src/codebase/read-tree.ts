/**
 * Reads the tree of one commit and the contents of its blobs from git objects (never the working tree),
 * so bare repositories and past revisions work alike.
 */
import { spawn } from 'node:child_process';
import { TpoError } from '../domain/index.js';
import { runGitBuffer } from './git.js';

export interface TreeEntry {
  readonly path: string;
  readonly mode: string;
  readonly blob: string;
  /** Size in bytes. */
  readonly size: number;
  readonly kind: 'file' | 'symlink';
}

/** Every file of the commit's tree (submodules are left out: they are not files of this repository). */
export async function readTree(gitDir: string, commit: string): Promise<TreeEntry[]> {
  const out = (await runGitBuffer(['ls-tree', '-r', '-z', '-l', '--full-tree', commit], { gitDir })).toString(
    'utf8',
  );
  const entries: TreeEntry[] = [];
  for (const record of out.split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [mode = '', type = '', blob = '', size = '0'] = record.slice(0, tab).split(/ +/);
    if (type !== 'blob') continue;
    entries.push({
      path: record.slice(tab + 1),
      mode,
      blob,
      size: size === '-' ? 0 : Number(size),
      kind: mode === '120000' ? 'symlink' : 'file',
    });
  }
  return entries;
}

/**
 * Streams the contents of the given blobs through one `git cat-file --batch` process, calling `onBlob` for each
 * in the order given. Memory stays bounded by the largest blob.
 */
export function readBlobs(
  gitDir: string,
  blobs: readonly string[],
  onBlob: (blob: string, content: Buffer) => void,
): Promise<void> {
  if (blobs.length === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const child = spawn('git', [`--git-dir=${gitDir}`, 'cat-file', '--batch'], {
      env: { ...process.env, LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const errors: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
    let pending: Buffer = Buffer.alloc(0);
    let failure: Error | null = null;
    // State: waiting for a header line, or for `need` bytes of content (+1 for the trailing newline).
    let need = -1;
    let current = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      for (;;) {
        if (need < 0) {
          const nl = pending.indexOf(10);
          if (nl === -1) return;
          const header = pending.subarray(0, nl).toString('utf8');
          pending = pending.subarray(nl + 1);
          const parts = header.split(' ');
          if (parts[1] === 'missing') {
            failure ??= new TpoError(
              'GitFailed',
              `git object ${parts[0] ?? ''} is missing; the repository may be corrupt or shallow.`,
            );
            continue;
          }
          current = parts[0] ?? '';
          need = Number(parts[2] ?? 0);
        }
        if (pending.length < need + 1) return;
        const content = pending.subarray(0, need);
        pending = pending.subarray(need + 1);
        need = -1;
        try {
          onBlob(current, content);
        } catch (error) {
          failure ??= error as Error;
        }
      }
    });
    child.on('error', (error) => reject(new TpoError('GitFailed', `could not run git: ${error.message}`)));
    child.on('close', (code) => {
      if (failure) reject(failure);
      else if (code !== 0) {
        reject(
          new TpoError('GitFailed', `git cat-file failed: ${Buffer.concat(errors).toString('utf8').trim()}`),
        );
      } else resolve();
    });
    child.stdin.on('error', () => undefined);
    // Write in chunks to respect back-pressure on very large trees.
    const lines = blobs.map((b) => `${b}\n`);
    let index = 0;
    const writeMore = (): void => {
      while (index < lines.length) {
        const batch = lines.slice(index, index + 1000).join('');
        index += 1000;
        if (!child.stdin.write(batch)) {
          child.stdin.once('drain', writeMore);
          return;
        }
      }
      child.stdin.end();
    };
    writeMore();
  });
}

/**
 * The text of some files of a commit, by path; paths absent from the commit are absent from the map. One
 * `ls-tree` and one `cat-file` process, whatever the number of paths.
 */
export async function readTextFiles(
  gitDir: string,
  commit: string,
  paths: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (paths.length === 0) return out;
  const listing = (
    await runGitBuffer(['ls-tree', '-z', '--full-tree', commit, '--', ...paths], { gitDir })
  ).toString('utf8');
  const byBlob = new Map<string, string[]>();
  for (const record of listing.split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [, type = '', blob = ''] = record.slice(0, tab).split(/ +/);
    if (type !== 'blob') continue;
    byBlob.set(blob, [...(byBlob.get(blob) ?? []), record.slice(tab + 1)]);
  }
  await readBlobs(gitDir, [...byBlob.keys()], (blob, content) => {
    for (const p of byBlob.get(blob) ?? []) out.set(p, content.toString('utf8'));
  });
  return out;
}
