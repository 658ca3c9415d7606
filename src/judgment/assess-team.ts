/**
 * "Do we need a technical product owner?" answered from the team's own data: is the product the technology
 * itself, how many teams work on it, how often requests are bigger than they look, and whether someone already
 * holds the technical line. Pure. Rules, thresholds and sources: ./assess-rationale.md.
 */
import { isBotAuthor, type FileStats } from '../domain/index.js';
import { JUDGMENT_DEFAULTS } from './judge-item.js';

export type Verdict = 'dedicated-tpo' | 'po-with-tech-lead' | 'lead-covers-it';

export const VERDICT_TEXT: Readonly<Record<Verdict, string>> = {
  'dedicated-tpo': 'a dedicated technical product owner',
  'po-with-tech-lead': 'a product owner paired with a tech lead',
  'lead-covers-it': 'a founder or lead who covers it',
};

/** Thresholds of the rules; see assess-rationale.md. */
export const ASSESS_DEFAULTS = {
  /** UI code above this share of the code's lines: the product is an application for end users. */
  uiShare: 0.2,
  /** Infrastructure files above this share of the files: the product is infrastructure. */
  infraShare: 0.2,
  /** An author is part of a module's group above this share of its added lines. */
  groupShare: 0.2,
  /** An author knows a module above this share of its added lines. */
  knowsShare: 0.1,
  /** Someone holds the technical line when they know more than this share of the modules. */
  carrierModules: 0.5,
  /** Fewest judged items to count how often requests are bigger than they look. */
  minJudged: 5,
  disguiseHigh: 0.3,
  disguiseSome: 0.15,
  teamsMany: 3,
  dedicatedScore: 4,
  pairedScore: 2,
} as const;

export interface AssessInput {
  /** Measured files of the scanned commit (excluded files are left out here). */
  readonly files: readonly FileStats[];
  readonly moduleOf: (path: string) => string;
  /** Files the packages of the repository declare as their entry (public interface). */
  readonly packageEntries: ReadonlySet<string>;
  /** Last commit time of each author, Unix seconds. */
  readonly lastActivity: ReadonlyMap<string, number>;
  /** Reference time: the scanned commit's time. */
  readonly now: number;
  /** package.json files of packages that are published (a name, and not `"private": true`). */
  readonly publishedPackages: readonly string[];
  /** Owners named in CODEOWNERS (`@org/team`, `@person`, emails), or null without the file. */
  readonly codeowners: { readonly path: string; readonly owners: readonly string[] } | null;
  /** Open items with a technical judgment and those flagged bigger than they look. */
  readonly backlog: { readonly open: number; readonly judged: number; readonly flagged: number };
}

export interface AssessSignal {
  readonly key: 'technology' | 'teams' | 'disguise' | 'knowledge';
  readonly question: string;
  readonly answer: string;
  /** The measured figure the rule reads, or null when there is too little data. */
  readonly figure: number | null;
  readonly unit: string;
  /** The rule, in words, with its thresholds. */
  readonly rule: string;
  /** Points toward a dedicated technical product owner. */
  readonly points: number;
  readonly evidence: readonly string[];
}

export interface Carrier {
  readonly name: string;
  /** Modules where they added more than 10 % of the lines. */
  readonly modules: number;
  readonly ofModules: number;
}

export interface Assessment {
  readonly verdict: Verdict;
  readonly verdictText: string;
  readonly score: number;
  readonly signals: readonly AssessSignal[];
  /** People whose knowledge spans most modules: who already carries the technical function. */
  readonly carriers: readonly Carrier[];
  readonly reasons: readonly string[];
}

const UI_FILE = /\.(tsx|jsx|vue|svelte|astro|html?|css|scss|sass|less)$/i;
const PROTOCOL_FILE =
  /\.(proto|graphql|gql|avsc|thrift|wsdl)$|(^|\/)(openapi|swagger|asyncapi)[^/]*\.(ya?ml|json)$/i;
const INFRA_FILE =
  /(^|\/)Dockerfile[^/]*$|\.(tf|tfvars|hcl|bicep)$|(^|\/)(Chart\.ya?ml|docker-compose[^/]*\.ya?ml|compose\.ya?ml|kustomization\.ya?ml|Pulumi\.ya?ml|serverless\.ya?ml)$/i;
const TYPES_FILE = /\.d\.(ts|mts|cts)$/;
const PROSE = /\.(md|mdx|markdown|rst|adoc|txt)$/i;
const NOT_CODE = new Set(['Markdown', 'reStructuredText', 'Text', 'JSON', 'YAML', 'TOML', 'XML', 'INI']);
/** Code in a programming language: knowledge and teams are read from it, not from configuration or prose. */
function isCode(f: FileStats): boolean {
  return f.language !== null && !NOT_CODE.has(f.language);
}
const TEST_FILE = /\.(test|spec)\.[a-z]+$|_test\.(go|py)$|(^|\/)(tests?|__tests__|spec)\//i;

function pct(share: number): string {
  return `${Math.round(share * 100)} %`;
}

function isActive(name: string, input: AssessInput): boolean {
  if (isBotAuthor(name)) return false;
  const last = input.lastActivity.get(name);
  return last !== undefined && input.now - last <= JUDGMENT_DEFAULTS.inactiveDays * 86_400;
}

/** Added lines per author in each module, over code files (tests, prose and configuration left out). */
function getModuleAuthors(input: AssessInput): Map<string, Map<string, number>> {
  const modules = new Map<string, Map<string, number>>();
  for (const f of input.files) {
    if (!isCode(f) || TEST_FILE.test(f.path) || f.loc === 0) continue;
    const module = input.moduleOf(f.path);
    const authors = modules.get(module) ?? new Map<string, number>();
    for (const a of f.authors)
      if (!isBotAuthor(a.name)) authors.set(a.name, (authors.get(a.name) ?? 0) + a.added);
    modules.set(module, authors);
  }
  return modules;
}

function assessTechnology(input: AssessInput): AssessSignal {
  const d = ASSESS_DEFAULTS;
  const code = input.files.filter((f) => !PROSE.test(f.path) && !TEST_FILE.test(f.path));
  const loc = code.reduce((s, f) => s + f.loc, 0) || 1;
  const ui = code.filter((f) => UI_FILE.test(f.path));
  const uiShare = ui.reduce((s, f) => s + f.loc, 0) / loc;
  const protocols = input.files.filter((f) => PROTOCOL_FILE.test(f.path) && !TEST_FILE.test(f.path));
  const infra = input.files.filter((f) => INFRA_FILE.test(f.path));
  const infraShare = infra.length / Math.max(1, input.files.length);
  const entries = [...input.packageEntries].filter((p) => !TEST_FILE.test(p));
  const types = input.files.filter((f) => TYPES_FILE.test(f.path) && !TEST_FILE.test(f.path));
  // A package.json under a test folder is a fixture, not something the project publishes.
  const published = input.publishedPackages.filter((p) => !TEST_FILE.test(p));
  const publicApi = entries.length + types.length + published.length > 0 && uiShare < d.uiShare;
  const yes = protocols.length > 0 || infraShare >= d.infraShare || publicApi;
  const evidence = [
    `${entries.length} package entr${entries.length === 1 ? 'y' : 'ies'} (a public interface)${entries.length > 0 ? `: ${entries.slice(0, 5).join(', ')}` : ''}`,
    `${published.length} published package${published.length === 1 ? '' : 's'} (package.json with a name, not private)${published.length > 0 ? `: ${published.slice(0, 5).join(', ')}` : ''}`,
    `${types.length} type declaration file${types.length === 1 ? '' : 's'} (.d.ts)`,
    `${protocols.length} protocol or schema definition${protocols.length === 1 ? '' : 's'} (.proto, GraphQL, OpenAPI …)${
      protocols.length > 0
        ? `: ${protocols
            .slice(0, 5)
            .map((f) => f.path)
            .join(', ')}`
        : ''
    }`,
    `${infra.length} infrastructure file${infra.length === 1 ? '' : 's'} (Dockerfile, Terraform, Helm …): ${pct(infraShare)} of the files`,
    `UI code: ${pct(uiShare)} of the lines of code (${ui.length} files)`,
  ];
  const why = yes
    ? protocols.length > 0
      ? 'it defines protocols or schemas that other systems use'
      : infraShare >= d.infraShare
        ? 'much of it is infrastructure code'
        : 'it publishes a programming interface and has little UI'
    : uiShare >= d.uiShare
      ? 'it is an application with a user interface'
      : 'it publishes no interface, protocol or infrastructure';
  return {
    key: 'technology',
    question: 'Is the product the technology itself (public APIs, SDKs, infrastructure, protocols)?',
    answer: `${yes ? 'Yes' : 'No'}: ${why}.`,
    figure: yes ? 1 : 0,
    unit: 'yes (1) or no (0)',
    rule: `yes when the repository defines a protocol or schema, infrastructure is >= ${pct(d.infraShare)} of its files, or it publishes a package, declares a package entry or types, with UI code below ${pct(d.uiShare)} of the lines; yes scores 2`,
    points: yes ? 2 : 0,
    evidence,
  };
}

/** Groups of active authors who work on the same modules: connected through modules they both hold >= 20 % of. */
function findAuthorGroups(input: AssessInput, modules: Map<string, Map<string, number>>): string[][] {
  const parent = new Map<string, string>();
  const find = (a: string): string => {
    let r = a;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(a, r);
    return r;
  };
  for (const authors of modules.values()) {
    const total = [...authors.values()].reduce((s, n) => s + n, 0);
    if (total === 0) continue;
    const members = [...authors]
      .filter(([name, n]) => n / total >= ASSESS_DEFAULTS.groupShare && isActive(name, input))
      .map(([name]) => name);
    for (const m of members) if (!parent.has(m)) parent.set(m, m);
    for (const m of members.slice(1)) parent.set(find(m), find(members[0]!));
  }
  const groups = new Map<string, string[]>();
  for (const a of parent.keys()) groups.set(find(a), [...(groups.get(find(a)) ?? []), a]);
  return [...groups.values()]
    .map((g) => g.sort())
    .sort((a, b) => b.length - a.length || (a[0]! < b[0]! ? -1 : 1));
}

function assessTeams(input: AssessInput, modules: Map<string, Map<string, number>>): AssessSignal {
  const d = ASSESS_DEFAULTS;
  const declared = input.codeowners
    ? [...new Set(input.codeowners.owners.filter((o) => /^@[^/\s]+\/[^/\s]+$/.test(o)))].sort()
    : [];
  const groups = findAuthorGroups(input, modules);
  const fromCodeowners = declared.length > 0;
  const teams = fromCodeowners ? declared.length : groups.length;
  const evidence = [
    input.codeowners
      ? `${input.codeowners.path} names ${declared.length} team${declared.length === 1 ? '' : 's'}${declared.length > 0 ? `: ${declared.join(', ')}` : ` (only people: ${input.codeowners.owners.length})`}`
      : 'no CODEOWNERS file',
    `${groups.length} group${groups.length === 1 ? '' : 's'} of active authors by module: ${
      groups
        .map((g) => g.slice(0, 4).join(', ') + (g.length > 4 ? ` and ${g.length - 4} more` : ''))
        .map((g) => `[${g}]`)
        .join(' ') || 'none active'
    }`,
  ];
  return {
    key: 'teams',
    question: 'How many teams work on it?',
    answer:
      teams === 0
        ? 'At most 1: no author was active in the 6 months before the scanned commit.'
        : `${teams} team${teams === 1 ? '' : 's'}${fromCodeowners ? ' (declared in CODEOWNERS)' : ' (groups of active authors who work on the same modules)'}.`,
    figure: teams,
    unit: 'teams',
    rule: `teams from CODEOWNERS when it names @org/team owners, else groups of authors active in the last 6 months linked by modules where both added >= ${pct(d.groupShare)} of the lines; ${d.teamsMany} or more score 2, 2 score 1`,
    points: teams >= d.teamsMany ? 2 : teams === 2 ? 1 : 0,
    evidence,
  };
}

function assessDisguise(input: AssessInput): AssessSignal {
  const d = ASSESS_DEFAULTS;
  const { judged, flagged, open } = input.backlog;
  const enough = judged >= d.minJudged;
  const share = judged > 0 ? flagged / judged : 0;
  return {
    key: 'disguise',
    question: 'How often are requests bigger than they look?',
    answer: enough
      ? `${pct(share)} of the judged open items (${flagged} of ${judged}).`
      : `Not known: ${judged} of ${open} open items could be judged (at least ${d.minJudged} needed; give items --area or an effort).`,
    figure: enough ? Math.round(share * 100) / 100 : null,
    unit: 'share of judged open items flagged bigger than they look',
    rule: `a technical P50 at least twice the stated effort flags an item; >= ${pct(d.disguiseHigh)} flagged scores 2, >= ${pct(d.disguiseSome)} scores 1, over at least ${d.minJudged} judged items`,
    points: !enough ? 0 : share >= d.disguiseHigh ? 2 : share >= d.disguiseSome ? 1 : 0,
    evidence: [`${open} open items, ${judged} judged, ${flagged} bigger than they look`],
  };
}

function assessKnowledge(
  input: AssessInput,
  modules: Map<string, Map<string, number>>,
): { signal: AssessSignal; carriers: Carrier[] } {
  const d = ASSESS_DEFAULTS;
  const spans = new Map<string, number>();
  for (const authors of modules.values()) {
    const total = [...authors.values()].reduce((s, n) => s + n, 0);
    if (total === 0) continue;
    for (const [name, n] of authors)
      if (n / total > d.knowsShare) spans.set(name, (spans.get(name) ?? 0) + 1);
  }
  const count = [...modules.values()].filter((a) => [...a.values()].some((n) => n > 0)).length;
  const carriers = [...spans]
    .filter(([name, n]) => isActive(name, input) && n / Math.max(1, count) > d.carrierModules)
    .map(([name, n]) => ({ name, modules: n, ofModules: count }))
    .sort((a, b) => b.modules - a.modules || (a.name < b.name ? -1 : 1));
  // Knowledge concentration: the share of the code's lines whose main author is the top owner.
  const owned = new Map<string, number>();
  let loc = 0;
  for (const f of input.files) {
    if (!isCode(f) || TEST_FILE.test(f.path)) continue;
    loc += f.loc;
    if (f.mainAuthor && !isBotAuthor(f.mainAuthor))
      owned.set(f.mainAuthor, (owned.get(f.mainAuthor) ?? 0) + f.loc);
  }
  const top = [...owned].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  const evidence = [
    top
      ? `${top[0]} is the main author of ${pct(top[1] / Math.max(1, loc))} of the code's lines${isActive(top[0], input) ? '' : ' (inactive for 6 months or more)'}`
      : 'no main authors',
    carriers.length > 0
      ? `knowledge across most of the ${count} modules: ${carriers.map((c) => `${c.name} (${c.modules} of ${c.ofModules})`).join(', ')}`
      : `no active author added more than ${pct(d.knowsShare)} of the lines in more than half of the ${count} modules`,
  ];
  return {
    carriers,
    signal: {
      key: 'knowledge',
      question: 'Does one person already hold the technical line?',
      answer:
        carriers.length > 0
          ? `Yes: ${carriers.map((c) => c.name).join(', ')} know${carriers.length === 1 ? 's' : ''} most of the code.`
          : 'No: nobody active knows most of the code.',
      figure: carriers.length,
      unit: 'people who know most modules',
      rule: `someone holds the line when, active in the last 6 months, they added more than ${pct(d.knowsShare)} of the lines in more than ${pct(d.carrierModules)} of the modules; nobody scores 1`,
      points: carriers.length === 0 ? 1 : 0,
      evidence,
    },
  };
}

/**
 * The verdict: a dedicated technical product owner (score >= 4), a product owner paired with a tech lead (2-3),
 * or a founder or lead who covers it (0-1), with the signals and who carries the function today.
 * @example
 * assessTeam(input).verdictText; // "a product owner paired with a tech lead"
 */
export function assessTeam(input: AssessInput): Assessment {
  const d = ASSESS_DEFAULTS;
  const modules = getModuleAuthors(input);
  const knowledge = assessKnowledge(input, modules);
  const signals = [
    assessTechnology(input),
    assessTeams(input, modules),
    assessDisguise(input),
    knowledge.signal,
  ];
  const score = signals.reduce((s, x) => s + x.points, 0);
  const verdict: Verdict =
    score >= d.dedicatedScore
      ? 'dedicated-tpo'
      : score >= d.pairedScore
        ? 'po-with-tech-lead'
        : 'lead-covers-it';
  const reasons = signals.filter((s) => s.points > 0).map((s) => `${s.answer} (+${s.points})`);
  return {
    verdict,
    verdictText: VERDICT_TEXT[verdict],
    score,
    signals,
    carriers: knowledge.carriers,
    reasons,
  };
}
