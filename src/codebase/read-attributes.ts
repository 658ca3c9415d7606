/**
 * The repository's own say on vendored and generated files: `.gitattributes` with `linguist-vendored` and
 * `linguist-generated` (set or unset), read at the scanned commit through git's own matcher.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runGit } from './git.js';

export interface LinguistAttributes {
  /** true: marked vendored/generated; false: explicitly unmarked (overrides tpo's defaults). */
  readonly vendored: ReadonlyMap<string, boolean>;
  readonly generated: ReadonlyMap<string, boolean>;
}

/**
 * Reads the linguist attributes of `paths` at `commit`. git 2.39 has no `check-attr --source`, so the commit's
 * tree is read into a throw-away index and `check-attr --cached` asks that index.
 */
export async function readLinguistAttributes(
  gitDir: string,
  commit: string,
  paths: readonly string[],
): Promise<LinguistAttributes> {
  const vendored = new Map<string, boolean>();
  const generated = new Map<string, boolean>();
  if (paths.length === 0) return { vendored, generated };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tpo-attr-'));
  const env = { GIT_INDEX_FILE: path.join(dir, 'index') };
  try {
    await runGit(['read-tree', commit], { gitDir, env });
    const out = await runGit(
      ['check-attr', '--cached', '-z', '--stdin', 'linguist-vendored', 'linguist-generated'],
      {
        gitDir,
        env,
        input: paths.join('\0') + '\0',
      },
    );
    const parts = out.split('\0');
    for (let i = 0; i + 2 < parts.length; i += 3) {
      const file = parts[i]!;
      const attr = parts[i + 1]!;
      const value = parts[i + 2]!;
      if (value === 'unspecified') continue;
      const flag = value !== 'unset' && value !== 'false';
      (attr === 'linguist-vendored' ? vendored : generated).set(file, flag);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { vendored, generated };
}
