/**
 * When lines appeared: `git blame --porcelain -w` restricted to the lines asked for (`-L n,n` per line), one git
 * process per file, a few files at a time. Used to date debt markers.
 */
import { runGit } from './git.js';

export interface LineOrigin {
  /** 1-based line at the blamed commit. */
  readonly line: number;
  /** The commit that introduced the line (ignoring whitespace changes). */
  readonly commit: string;
  readonly author: string;
  /** Author time of that commit, Unix seconds. */
  readonly authorTime: number;
}

export interface BlameRequest {
  readonly path: string;
  readonly lines: readonly number[];
}

export interface BlameResult {
  readonly path: string;
  readonly origins: readonly LineOrigin[];
  /** Git's message when the file could not be blamed (the other files are still answered). */
  readonly error?: string;
}

const HEADER = /^([0-9a-f]{40}) \d+ (\d+)(?: \d+)?$/;

/** Parses `git blame --porcelain` output into the origin of each final line. */
export function parseBlamePorcelain(text: string): LineOrigin[] {
  const commits = new Map<string, { author: string; authorTime: number }>();
  const out: LineOrigin[] = [];
  let current: { sha: string; line: number } | null = null;
  for (const row of text.split('\n')) {
    if (row.startsWith('\t')) {
      if (current) {
        const info = commits.get(current.sha) ?? { author: '', authorTime: 0 };
        out.push({ line: current.line, commit: current.sha, ...info });
      }
      current = null;
      continue;
    }
    const header = HEADER.exec(row);
    if (header) {
      current = { sha: header[1]!, line: Number(header[2]) };
      if (!commits.has(current.sha)) commits.set(current.sha, { author: '', authorTime: 0 });
      continue;
    }
    if (current === null) continue;
    const info = commits.get(current.sha)!;
    if (row.startsWith('author ')) info.author = row.slice(7);
    else if (row.startsWith('author-time ')) info.authorTime = Number(row.slice(12));
  }
  return out;
}

/** Blames the given lines of one file at `commit`. */
export async function blameLines(
  gitDir: string,
  commit: string,
  path: string,
  lines: readonly number[],
): Promise<LineOrigin[]> {
  const unique = [...new Set(lines)].sort((a, b) => a - b);
  if (unique.length === 0) return [];
  const ranges = unique.flatMap((n) => ['-L', `${n},${n}`]);
  const out = await runGit(['blame', '--porcelain', '-w', ...ranges, commit, '--', path], { gitDir });
  return parseBlamePorcelain(out);
}

/**
 * Blames many files, `concurrency` git processes at a time (default 4). A file git cannot blame gets an error
 * in its result; the others are answered.
 */
export async function blameManyFiles(
  gitDir: string,
  commit: string,
  requests: readonly BlameRequest[],
  concurrency = 4,
): Promise<BlameResult[]> {
  const results: BlameResult[] = new Array<BlameResult>(requests.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < requests.length) {
      const index = next;
      next += 1;
      const request = requests[index]!;
      try {
        results[index] = {
          path: request.path,
          origins: await blameLines(gitDir, commit, request.path, request.lines),
        };
      } catch (error) {
        results[index] = { path: request.path, origins: [], error: (error as Error).message };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));
  return results;
}
