/**
 * People behind author names. Git records a name and an email per commit, and one person often writes under
 * several: `patak`, `patak-dev` and `Matias Capeletto` with one email on vite, `Tj Holowaychuk`, `TJ Holowaychuk`
 * and `visionmedia` on express. .mailmap (read by the scan) fixes what a project lists; these rules merge the rest,
 * so that main authors, truck factors and inactive owners count people, not spellings.
 */
import type { AuthorShare } from './code-model.js';

/** How often one (name, email) pair authored commits. */
export interface AuthorIdentity {
  readonly name: string;
  readonly email: string;
  readonly commits: number;
}

/**
 * An email written under this many different names or more is taken for a shared address (a team or a build
 * account), not one person's: it merges nobody. The most any one person used on the corpora was 4.
 */
export const SHARED_EMAIL_NAMES = 8;

/**
 * Local parts and domains of addresses that identify no one (placeholders, defaults of misconfigured clients).
 * GitHub's no-reply addresses (`123+login@users.noreply.github.com`) are personal: each names one account.
 */
const PLACEHOLDER_LOCAL =
  /^(?:none|noreply|no-reply|nobody|unknown|root|user|you|your(?:[._-]?email)?|email|test|admin)$/;
const PLACEHOLDER_DOMAIN = /^(?:example\.(?:com|org|net)|localhost(?:\.localdomain)?|\(none\)|none)$/;

/** The form two spellings of one name share: case, accents and spacing left out. */
export function normalizeAuthorName(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The address in the form that identifies its owner, or null for one that identifies no one. */
function normalizeEmail(email: string): string | null {
  const e = email.trim().toLowerCase();
  const at = e.lastIndexOf('@');
  if (at <= 0 || at === e.length - 1) return null;
  const local = e.slice(0, at);
  const domain = e.slice(at + 1);
  if (PLACEHOLDER_LOCAL.test(local) || PLACEHOLDER_DOMAIN.test(domain)) return null;
  return e;
}

/**
 * Maps every author name to the name of the person behind it: names are one person when they normalize to the
 * same form (`TJ Holowaychuk`, `Tj Holowaychuk`) or were written with the same personal email, transitively. A
 * person is named by the spelling with the most commits (ties: the first in code-point order). Names that merge
 * with nothing map to themselves.
 * @example
 * resolveAuthorIdentities([
 *   { name: 'patak', email: 'm@x.com', commits: 600 },
 *   { name: 'Matias Capeletto', email: 'm@x.com', commits: 20 },
 * ]).get('Matias Capeletto'); // 'patak'
 */
export function resolveAuthorIdentities(identities: readonly AuthorIdentity[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (name: string): string => {
    let root = name;
    while (parent.get(root) !== root) root = parent.get(root)!;
    let node = name;
    while (node !== root) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  const commits = new Map<string, number>();
  const namesByEmail = new Map<string, Set<string>>();
  const byForm = new Map<string, string>();
  for (const id of identities) {
    if (!parent.has(id.name)) parent.set(id.name, id.name);
    commits.set(id.name, (commits.get(id.name) ?? 0) + id.commits);
    const email = normalizeEmail(id.email);
    if (email !== null) {
      const names = namesByEmail.get(email) ?? new Set<string>();
      names.add(id.name);
      namesByEmail.set(email, names);
    }
  }
  for (const name of parent.keys()) {
    const form = normalizeAuthorName(name);
    if (form === '') continue;
    const first = byForm.get(form);
    if (first === undefined) byForm.set(form, name);
    else union(first, name);
  }
  for (const names of namesByEmail.values()) {
    if (new Set([...names].map(normalizeAuthorName)).size >= SHARED_EMAIL_NAMES) continue;
    const [first, ...rest] = names;
    for (const name of rest) union(first!, name);
  }
  // Each group is named by its most frequent spelling.
  const best = new Map<string, string>();
  for (const name of parent.keys()) {
    const root = find(name);
    const current = best.get(root);
    if (
      current === undefined ||
      commits.get(name)! > commits.get(current)! ||
      (commits.get(name) === commits.get(current) && name < current)
    )
      best.set(root, name);
  }
  return new Map([...parent.keys()].map((name) => [name, best.get(find(name))!]));
}

/**
 * A file's author shares with each person's spellings added up (shares and added lines are sums over commits, so
 * the sums are exact), largest share first (ties: more lines added, then name), and the main author they give
 * (`pickMainAuthor`).
 * Names missing from `people` stay as they are.
 */
export function mergeAuthorShares(
  authors: readonly AuthorShare[],
  people: ReadonlyMap<string, string>,
): { authors: AuthorShare[]; mainAuthor: string | null; mainAuthorShare: number } {
  const merged = new Map<string, { name: string; email: string; added: number; share: number }>();
  for (const a of authors) {
    const name = people.get(a.name) ?? a.name;
    const m = merged.get(name);
    if (m) {
      m.added += a.added;
      m.share += a.share;
    } else merged.set(name, { name, email: a.email, added: a.added, share: a.share });
  }
  const ranked = [...merged.values()].sort(
    (x, y) => y.share - x.share || y.added - x.added || (x.name < y.name ? -1 : 1),
  );
  const main = pickMainAuthor(ranked);
  return { authors: ranked, mainAuthor: main?.name ?? null, mainAuthorShare: main?.share ?? 0 };
}

/**
 * The main author among a file's authors ranked by share: the first who is not a bot (a bot's lines, version bumps
 * and generated updates, are nobody's knowledge), else the first.
 */
export function pickMainAuthor<T extends { readonly name: string }>(ranked: readonly T[]): T | undefined {
  return ranked.find((a) => !isBotAuthor(a.name)) ?? ranked[0];
}

/** What one (name, email) pair did: its first and last commit time (Unix seconds) and how many commits. */
export interface AuthorActivity extends AuthorIdentity {
  readonly first: number;
  readonly last: number;
}

/** What one person did, under their name: first and last commit time (Unix seconds), commits, their main email. */
export interface PersonActivity {
  readonly email: string;
  readonly first: number;
  readonly last: number;
  readonly commits: number;
}

/**
 * First and last commit time and commits of every person (spellings merged as in `resolveAuthorIdentities`, or by
 * `people` when the caller has resolved them already), under the person's name, with the email of their most
 * frequent (name, email) pair (ties: the first in code-point order).
 */
export function mergeAuthorActivity(
  rows: readonly AuthorActivity[],
  people: ReadonlyMap<string, string> = resolveAuthorIdentities(rows),
): Map<string, PersonActivity> {
  const out = new Map<string, { email: string; last: number; first: number; commits: number; top: number }>();
  for (const r of rows) {
    const name = people.get(r.name) ?? r.name;
    const a = out.get(name);
    if (!a) {
      out.set(name, { email: r.email, last: r.last, first: r.first, commits: r.commits, top: r.commits });
      continue;
    }
    a.last = Math.max(a.last, r.last);
    a.first = Math.min(a.first, r.first);
    a.commits += r.commits;
    if (r.commits > a.top || (r.commits === a.top && r.email < a.email)) {
      a.top = r.commits;
      a.email = r.email;
    }
  }
  return new Map(
    [...out].map(([name, { email, last, first, commits }]) => [name, { email, last, first, commits }]),
  );
}

/** Bots (dependabot, renovate, release and CI accounts …) change code but know none of it and are nobody's reviewer. */
const BOT_NAME =
  /\[bot\]|\bbot\b|^(?:dependabot|renovate|greenkeeper|github-actions|snyk-bot|pyup-bot|imgbot|allcontributors|semantic-release-bot)\b/i;

/** True when an author name is a bot's. */
export function isBotAuthor(name: string): boolean {
  return BOT_NAME.test(name);
}
