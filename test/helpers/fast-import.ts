/**
 * Makes a repository with many commits quickly through `git fast-import`, for tests that need history of some size
 * (an interrupted scan, incremental equivalence on a larger history).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function createLargeRepo(options: { commits: number; files: number; mergeEvery?: number }): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tpo-large-'));
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  const lines: string[] = [];
  let mark = 0;
  let time = Date.UTC(2020, 0, 1) / 1000;
  const authors = ['Ann <ann@example.com>', 'Bob <bob@example.com>', 'Cy <cy@example.com>'];
  let mainHead = 0;
  for (let i = 0; i < options.commits; i += 1) {
    const onBranch = options.mergeEvery !== undefined && i % options.mergeEvery === options.mergeEvery - 2;
    const isMerge =
      options.mergeEvery !== undefined && i % options.mergeEvery === options.mergeEvery - 1 && i > 1;
    mark += 1;
    time += 3600;
    const author = authors[i % authors.length]!;
    const file = `src/m${i % 7}/file${(i * 7919) % options.files}.ts`;
    const content = `export const v${i} = ${i};\n`.repeat(1 + (i % 5));
    const message = isMerge ? `Merge pull request #${i} from team/work-${i}` : `change ${i} in ${file}`;
    lines.push(
      `commit refs/heads/${onBranch ? 'work' : 'main'}`,
      `mark :${mark}`,
      `author ${author} ${time} +0000`,
      `committer ${author} ${time} +0000`,
    );
    lines.push(`data ${Buffer.byteLength(message)}`, message);
    if (onBranch) lines.push(`from :${mainHead}`);
    else if (mainHead > 0) lines.push(`from :${mainHead}`);
    if (isMerge) lines.push(`merge :${mark - 1}`);
    lines.push(`M 100644 inline ${file}`, `data ${Buffer.byteLength(content)}`, content, '');
    if (!onBranch) mainHead = mark;
  }
  execFileSync('git', ['fast-import', '--quiet'], {
    cwd: dir,
    input: lines.join('\n') + '\n',
    maxBuffer: 1 << 30,
  });
  execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir });
  return dir;
}
