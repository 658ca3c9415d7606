/**
 * `tpo assess`: "do we need a technical product owner?" from the scanned repository and the backlog.
 */
import { readBlobs, readTree, type TreeEntry } from '../codebase/index.js';
import { isOpenStatus, TpoError } from '../domain/index.js';
import { assessTeam, type Assessment } from '../judgment/index.js';
import { loadRepoByRoot, type RepoRow } from '../store/index.js';
import { listItems } from './backlog.js';
import { loadItemJudgments } from './item-judgments.js';
import { loadCodeModelView } from './load-code-model-view.js';
import type { Workspace } from './open-workspace.js';

/** Where GitHub and GitLab look for code owners, in their order. */
const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS'];

/** package.json files (outside node_modules and tests) of published packages: a name, and not private. */
async function loadPublishedPackages(row: RepoRow, tree: readonly TreeEntry[]): Promise<string[]> {
  const manifests = tree.filter(
    (e) =>
      (e.path === 'package.json' || e.path.endsWith('/package.json')) &&
      !/(^|\/)(node_modules|test|tests|fixtures?|examples?|playground)\//.test(e.path) &&
      e.size < 1_000_000,
  );
  const byBlob = new Map<string, string[]>();
  for (const m of manifests) byBlob.set(m.blob, [...(byBlob.get(m.blob) ?? []), m.path]);
  const published: string[] = [];
  await readBlobs(row.git_dir, [...byBlob.keys()], (blob, content) => {
    try {
      const json = JSON.parse(content.toString('utf8')) as { name?: unknown; private?: unknown };
      if (typeof json.name === 'string' && json.private !== true) published.push(...(byBlob.get(blob) ?? []));
    } catch {
      // A malformed manifest publishes nothing.
    }
  });
  return published.sort();
}

async function loadCodeowners(
  row: RepoRow,
  tree: readonly TreeEntry[],
): Promise<{ path: string; owners: string[] } | null> {
  const entry = CODEOWNERS_PATHS.map((p) => tree.find((e) => e.path === p)).find((e) => e !== undefined);
  if (!entry) return null;
  let text = '';
  await readBlobs(row.git_dir, [entry.blob], (_blob, content) => {
    text = content.toString('utf8');
  });
  const owners = new Set<string>();
  for (const line of text.split('\n')) {
    const clean = line.replace(/#.*$/, '').trim();
    if (clean === '' || clean.startsWith('[')) continue;
    for (const token of clean.split(/\s+/).slice(1)) if (/^@|@/.test(token)) owners.add(token);
  }
  return { path: entry.path, owners: [...owners].sort() };
}

export interface AssessReport extends Assessment {
  /** The repository assessed and the commit it was scanned at. */
  readonly repo: string;
  readonly commit: string;
}

/**
 * The verdict on "do we need a technical product owner?", with the evidence of each signal.
 * @example
 * const a = await getAssessment(ws);
 * a.verdictText; // "a product owner paired with a tech lead"
 */
export async function getAssessment(ws: Pick<Workspace, 'repo' | 'store'>): Promise<AssessReport> {
  const row = await loadRepoByRoot(ws.store.db, ws.repo.root);
  if (!row || row.snapshot_commit === null)
    throw new TpoError(
      'NotFound',
      'the repository was never scanned, so there is nothing to assess; run "tpo scan" first',
    );
  const model = await loadCodeModelView(ws.store, row);
  const tree = await readTree(row.git_dir, row.snapshot_commit);
  const open = (await listItems(ws.store)).filter((i) => isOpenStatus(i.status));
  const judgments = await loadItemJudgments(ws, open);
  const assessment = assessTeam({
    files: [...model.files.values()].filter((f) => f.excluded === null),
    moduleOf: model.moduleOf,
    packageEntries: model.packageEntries,
    lastActivity: model.lastActivity,
    now: model.now,
    codeowners: await loadCodeowners(row, tree),
    publishedPackages: await loadPublishedPackages(row, tree),
    backlog: {
      open: open.length,
      judged: [...judgments.values()].filter((j) => j.disguiseRatio !== null).length,
      flagged: [...judgments.values()].filter((j) => j.biggerThanItLooks).length,
    },
  });
  return { ...assessment, repo: ws.repo.root, commit: row.snapshot_commit };
}

/** The assessment as Markdown: the verdict, then each signal with its answer, rule and evidence. */
export function formatAssessmentMarkdown(a: AssessReport): string {
  const lines = [
    '# Do we need a technical product owner?',
    '',
    `**Verdict: ${a.verdictText}** (score ${a.score}: 4 or more for a dedicated technical product owner, 2-3 for a product owner paired with a tech lead, 0-1 for a founder or lead who covers it).`,
    '',
    a.carriers.length > 0
      ? `Who already carries the function: ${a.carriers.map((c) => `${c.name} (knows ${c.modules} of ${c.ofModules} modules)`).join(', ')}.`
      : 'Nobody active knows most of the code yet.',
  ];
  for (const s of a.signals) {
    lines.push('', `## ${s.question}`, '', `${s.answer} Score: +${s.points}.`, '', `Rule: ${s.rule}.`, '');
    for (const e of s.evidence) lines.push(`- ${e}`);
  }
  lines.push(
    '',
    `Repository ${a.repo} at ${a.commit.slice(0, 10)}. Rules and sources: src/judgment/assess-rationale.md.`,
  );
  return `${lines.join('\n')}\n`;
}
