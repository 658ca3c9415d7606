/**
 * From a commit message to the text of a work item, and which change sets are realistic work items: the
 * evaluation protocol of issue 4 (and of shared/eval's harness), so that `tpo eval` and the harness score the same
 * change sets. Pure.
 */

const TRAILER =
  /^(signed-off-by|co-authored-by|reviewed-by|acked-by|tested-by|reported-by|suggested-by|helped-by|pr-url|change-id|cc|refs?|see-also)\s*:.*$/i;
const MERGE_PR = /^Merge pull request #\d+ from (\S+)\s*$/;
const PR_REF = /\(?(?:[\w.-]+\/[\w.-]+)?#\d+\)?/g;
const CLOSES =
  /\b(close[sd]?|fix(e[sd])?|resolve[sd]?|ref(s)?|see)\s*:?\s*((?:[\w.-]+\/[\w.-]+)?#\d+|https?:\/\/\S+)/gi;
const GENERIC_BRANCH = /^(patch|master|main|develop|dev|gh-pages|branch)[-_\d]*$/i;
const URL = /https?:\/\/\S+/g;
const CONVENTIONAL_PREFIX = /^\s*[A-Za-z]+(\([^)]*\))?!?:\s*/;

/**
 * The work-item text of a commit message: `Merge pull request #N from owner/branch-name` becomes `branch name`
 * (dropped for generic names such as `patch-1`), trailers, URLs, `(#123)` references and "closes #123" phrases
 * are removed.
 */
export function cleanMessage(message: string): string {
  const lines = message.trim().split(/\r?\n/);
  if (lines.length === 0 || lines[0] === '') return '';
  const merge = MERGE_PR.exec(lines[0]!.trim());
  if (merge) {
    const ref = merge[1]!;
    const branch = ref.includes('/') ? ref.slice(ref.indexOf('/') + 1) : ref;
    lines[0] = GENERIC_BRANCH.test(branch) ? '' : branch.replace(/[-_/]+/g, ' ');
  }
  const text = lines
    .filter((line) => !TRAILER.test(line.trim()))
    .join('\n')
    .replace(CLOSES, ' ')
    .replace(URL, ' ')
    .replace(PR_REF, ' ');
  return text.replace(/[ \t]+/g, ' ').trim();
}

/** The title form: the cleaned message's first line without a conventional-commit prefix (`fix(router): `). */
export function getTitle(cleaned: string): string {
  const subject = (cleaned.split('\n', 1)[0] ?? '').trim();
  return subject.replace(CONVENTIONAL_PREFIX, '').trim();
}

export function countWords(text: string): number {
  return (text.match(/[A-Za-z0-9][\w'.-]*/g) ?? []).length;
}

export type SkipReason =
  | 'empty'
  | 'too-many-files'
  | 'bot-author'
  | 'release'
  | 'version'
  | 'deps'
  | 'bump'
  | 'merge-branch'
  | 'revert'
  | 'short-message'
  | 'root-commit';

/** The eligibility filters, in the order they are applied (the first that matches is the reason). */
export const ELIGIBILITY_FILTERS: readonly { readonly reason: SkipReason; readonly rule: string }[] = [
  { reason: 'empty', rule: 'no paths changed' },
  { reason: 'too-many-files', rule: 'more than 30 paths (renames count old and new path)' },
  {
    reason: 'bot-author',
    rule: 'author matches [bot], dependabot, renovate, greenkeeper, github-actions, snyk-bot, pyup-bot, imgbot, allcontributors, semantic-release-bot, or a merged bot branch',
  },
  { reason: 'release', rule: 'subject is a release ("release 1.2", "chore(release)", "publish 2.0" ...)' },
  { reason: 'version', rule: 'subject is a bare version number ("v2.31.0")' },
  { reason: 'deps', rule: 'subject is a dependency update ("chore(deps)", "deps:")' },
  { reason: 'bump', rule: 'subject starts with bump/bumped/bumps' },
  { reason: 'merge-branch', rule: 'a branch sync ("Merge branch ...", "Merge remote-tracking branch ...")' },
  { reason: 'revert', rule: 'subject starts with "Revert" (the text is another commit\'s)' },
  { reason: 'short-message', rule: 'fewer than 3 words in the cleaned message' },
  { reason: 'root-commit', rule: 'the first commit (nothing exists before it)' },
];

const BOT_AUTHOR =
  /\[bot\]|dependabot|renovate|greenkeeper|github-actions|snyk-bot|pyup-bot|imgbot|allcontributors|semantic-release-bot/i;
const BOT_BRANCH = /^Merge pull request #\d+ from \S*(dependabot|renovate|greenkeeper|snyk)/i;
const SKIP_SUBJECT: readonly [SkipReason, RegExp][] = [
  [
    'release',
    /^\s*((chore|build|ci)(\(release\))?:\s*)?(release[ds]?|releasing|prepare (for )?(the )?release|publish(ed)?|bumped|version)\b[\s:]*(v(ersion)?\s*)?\d+\.\d+/i,
  ],
  ['release', /^\s*chore\(release\)/i],
  ['version', /^\s*v?\d+\.\d+(\.\d+)?([-.+\w]*)?(\s|$|:|,)/i],
  ['deps', /^\s*(chore|build|ci|fix|deps|refactor)\((deps|deps-dev|dev-deps|dependencies)\)/i],
  ['deps', /^\s*deps(\([^)]*\))?:/i],
  ['bump', /^\s*(\w+(\([\w./-]*\))?:\s*)?(bump|bumped|bumps)\b/i],
  ['merge-branch', /^\s*Merge (branch|remote-tracking branch|tag|commit)\b/i],
  ['revert', /^\s*Revert\b/i],
];

/** Why a change set is not a realistic work item to evaluate, or null when it is one. */
export function getSkipReason(cs: {
  readonly message: string;
  readonly authorName: string;
  readonly authorEmail: string;
  readonly pathCount: number;
  readonly isRoot: boolean;
}): SkipReason | null {
  if (cs.pathCount === 0) return 'empty';
  if (cs.pathCount > 30) return 'too-many-files';
  if (BOT_AUTHOR.test(cs.authorName) || BOT_AUTHOR.test(cs.authorEmail)) return 'bot-author';
  const subject = cs.message.trim().split('\n', 1)[0] ?? '';
  if (BOT_BRANCH.test(subject)) return 'bot-author';
  for (const [reason, pattern] of SKIP_SUBJECT) if (pattern.test(subject)) return reason;
  if (countWords(cleanMessage(cs.message)) < 3) return 'short-message';
  if (cs.isRoot) return 'root-commit';
  return null;
}
