/**
 * What `tpo locate` prints: the answer as JSON, or the ranked files grouped by module with their evidence. Kept out
 * of locate-commands.ts (no commander here) so the quick path (../quick-locate.ts) prints exactly the same.
 */
import type { LocateAnswer } from '../../app/locate-answer.js';
import { formatCount, formatPercent, printJson } from '../render.js';

/** How many files `tpo locate` lists without --limit (both the quick path and commander's). */
export const DEFAULT_LOCATE_LIMIT = 20;

/** Writes the answer to stdout: `--json` as JSON, else as text for people. */
export function printLocateAnswer(answer: LocateAnswer, json: boolean): void {
  if (json) return printJson(answer);
  if (answer.results.length === 0)
    return void process.stdout.write(
      'No file matches: the words are not in any path, file or past message.\n',
    );
  const out: string[] = [];
  for (const group of answer.modules) {
    out.push(`${group.module}`);
    for (const p of group.files) {
      const r = answer.results.find((x) => x.path === p)!;
      const why = [
        r.evidence.words.length > 0 ? `words: ${r.evidence.words.slice(0, 6).join(', ')}` : '',
        r.evidence.changeSets.length > 0
          ? `like ${r.evidence.changeSets
              .slice(0, 2)
              .map((c) => `${c.sha.slice(0, 8)} "${c.title.slice(0, 50)}"`)
              .join(', ')}`
          : '',
        r.evidence.coupledWith.length > 0
          ? `changes with ${r.evidence.coupledWith.map((c) => c.path).join(', ')}`
          : '',
      ].filter((x) => x !== '');
      out.push(
        `  ${formatPercent(r.score).padStart(5)}  ${p}${why.length > 0 ? `  (${why.join('; ')})` : ''}`,
      );
    }
  }
  out.push(
    '',
    `Likely size: ${formatCount(answer.size.files, 'file')}, ${formatCount(answer.size.lines, 'line')} (from ${formatCount(answer.size.neighbours, 'similar past change set')})`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}
