/**
 * Debt candidates found in the code model: unhealthy hotspots, import cycles, god files, knowledge silos whose
 * owner left, and aged TODO/FIXME/HACK/XXX markers. See debt-interest-rationale.md for the criteria.
 */
import type { DatedMarker, DebtCandidate, FileHealth, Hotspot } from '../domain/index.js';
import { HEALTHY_FROM } from './compute-code-health.js';

/** What the candidates are found in. Every file list is of measured code files at the scanned commit. */
export interface DebtCandidateInput {
  readonly health: readonly FileHealth[];
  /** Ranked hotspots (score = normalised revisions x normalised complexity). */
  readonly hotspots: readonly Hotspot[];
  /** Import cycles (strongly connected components), each a sorted list of files. */
  readonly cycles: readonly (readonly string[])[];
  /** Direct importers per file. */
  readonly fanIn: ReadonlyMap<string, number>;
  /** Main author per file, and each author's last commit time (for inactivity). */
  readonly mainAuthors: ReadonlyMap<string, string | null>;
  readonly inactiveAuthors: ReadonlyMap<string, number>;
  readonly markers: readonly DatedMarker[];
  /** Reference time (the scanned commit's), Unix seconds. */
  readonly now: number;
}

export interface DebtCandidateOptions {
  /** Hotspots considered: the top share of ranked files (default 5 %), at least `hotspotMinCount` (default 10). */
  readonly hotspotShare: number;
  readonly hotspotMinCount: number;
  /** A hotspot needs at least this many revisions in the window (default 3). */
  readonly hotspotMinRevisions: number;
  /** God file: at least this many direct importers and lines of code (defaults 20 and 500). */
  readonly godFanIn: number;
  readonly godLoc: number;
  /** Silo: share of a module's lines owned by inactive authors (default 50 %) and the least lines (default 100). */
  readonly siloShare: number;
  readonly siloMinLoc: number;
  /** Markers at least this old count (default 90 days); markers of unknown date count too. */
  readonly markerMinAgeDays: number;
}

export const DEFAULT_DEBT_CANDIDATE_OPTIONS: DebtCandidateOptions = {
  hotspotShare: 0.05,
  hotspotMinCount: 10,
  hotspotMinRevisions: 3,
  godFanIn: 20,
  godLoc: 500,
  siloShare: 0.5,
  siloMinLoc: 100,
  markerMinAgeDays: 90,
};

const DAY = 86_400;

function formatDay(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** The module holding most of the lines of `files`. */
function dominantModule(files: readonly string[], health: ReadonlyMap<string, FileHealth>): string {
  const loc = new Map<string, number>();
  for (const f of files) {
    const h = health.get(f);
    if (h) loc.set(h.module, (loc.get(h.module) ?? 0) + Math.max(1, h.loc));
  }
  let best = '.';
  let bestLoc = -1;
  for (const [module, n] of loc) {
    if (n > bestLoc || (n === bestLoc && module < best)) {
      best = module;
      bestLoc = n;
    }
  }
  return best;
}

function minHealth(files: readonly string[], health: ReadonlyMap<string, FileHealth>): number {
  let min = 10;
  for (const f of files) min = Math.min(min, health.get(f)?.score ?? 10);
  return min;
}

function worstFactors(h: FileHealth | undefined, n = 3): string {
  if (!h || h.factors.length === 0) return '';
  return `: ${h.factors
    .slice(0, n)
    .map((f) => f.reason)
    .join(', ')}`;
}

/**
 * Finds the debt candidates, in the order unhealthy hotspots, import cycles, god files, silos, markers (the
 * register ranks them by interest afterwards). A file may appear in several candidates of different kinds.
 */
export function findDebtCandidates(
  input: DebtCandidateInput,
  options: DebtCandidateOptions = DEFAULT_DEBT_CANDIDATE_OPTIONS,
): DebtCandidate[] {
  const health = new Map(input.health.map((h) => [h.path, h]));
  const out: DebtCandidate[] = [];

  // Unhealthy hotspots: the top of the hotspot ranking whose health is below the healthy band.
  const top = Math.max(options.hotspotMinCount, Math.ceil(input.health.length * options.hotspotShare));
  for (const spot of input.hotspots.slice(0, top)) {
    const h = health.get(spot.path);
    if (!h || h.score >= HEALTHY_FROM || spot.revisions < options.hotspotMinRevisions) continue;
    out.push({
      id: `unhealthy-hotspot:${spot.path}`,
      kind: 'unhealthy-hotspot',
      title: `Unhealthy hotspot ${spot.path} (health ${h.score.toFixed(1)})`,
      area: { module: h.module, files: [spot.path] },
      reasons: [
        `hotspot #${spot.rank}: ${spot.revisions} revisions in the window, indentation complexity ${spot.complexity}`,
        `code health ${h.score.toFixed(1)} (${h.band})${worstFactors(h)}`,
      ],
      health: h.score,
    });
  }

  // Import cycles.
  for (const cycle of input.cycles) {
    const files = [...cycle];
    out.push({
      id: `import-cycle:${files[0] ?? ''}`,
      kind: 'import-cycle',
      title:
        files.length === 1
          ? `Import cycle: ${files[0] ?? ''} imports itself`
          : `Import cycle of ${files.length} files (${files.slice(0, 3).join(', ')}${files.length > 3 ? ', ...' : ''})`,
      area: { module: dominantModule(files, health), files },
      reasons: [
        `${files.length} file${files.length === 1 ? '' : 's'} reach each other through imports: none can change or be tested alone`,
      ],
      health: minHealth(files, health),
    });
  }

  // God files: many importers and large.
  for (const h of input.health) {
    const fanIn = input.fanIn.get(h.path) ?? 0;
    if (fanIn < options.godFanIn || h.loc < options.godLoc) continue;
    out.push({
      id: `god-file:${h.path}`,
      kind: 'god-file',
      title: `God file ${h.path}: ${h.loc} lines imported by ${fanIn} files`,
      area: { module: h.module, files: [h.path] },
      reasons: [
        `imported directly by ${fanIn} files (threshold ${options.godFanIn})`,
        `${h.loc} lines of code (threshold ${options.godLoc})`,
        `code health ${h.score.toFixed(1)} (${h.band})`,
      ],
      health: h.score,
    });
  }

  // Knowledge silos whose owner left: modules mostly written by inactive authors.
  const modules = new Map<string, FileHealth[]>();
  for (const h of input.health) modules.set(h.module, [...(modules.get(h.module) ?? []), h]);
  for (const [module, files] of [...modules].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const loc = files.reduce((s, f) => s + f.loc, 0);
    const byOwner = new Map<string, number>();
    const orphaned: string[] = [];
    let orphanedLoc = 0;
    for (const f of files) {
      const owner = input.mainAuthors.get(f.path) ?? null;
      if (owner === null || !input.inactiveAuthors.has(owner)) continue;
      orphaned.push(f.path);
      orphanedLoc += f.loc;
      byOwner.set(owner, (byOwner.get(owner) ?? 0) + f.loc);
    }
    if (loc === 0 || orphanedLoc < options.siloMinLoc || orphanedLoc / loc < options.siloShare) continue;
    const owners = [...byOwner].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const share = Math.round((orphanedLoc / loc) * 100);
    out.push({
      id: `knowledge-silo:${module}`,
      kind: 'knowledge-silo',
      title: `Knowledge silo ${module === '.' ? 'at the repository root' : module}: ${share} % of its code written by people who left`,
      area: { module, files: orphaned.sort() },
      reasons: owners.map(
        ([owner, n]) =>
          `${owner} is main author of ${n} of ${loc} lines of code and made no commit since ${formatDay(input.inactiveAuthors.get(owner) ?? 0)}`,
      ),
      health: minHealth(orphaned, health),
    });
  }

  // Aged markers, one candidate per file.
  const markersByFile = new Map<string, DatedMarker[]>();
  for (const m of input.markers) {
    const old = m.introducedAt === null || input.now - m.introducedAt >= options.markerMinAgeDays * DAY;
    if (!old) continue;
    markersByFile.set(m.path, [...(markersByFile.get(m.path) ?? []), m]);
  }
  for (const [path, markers] of [...markersByFile].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const sorted = [...markers].sort((a, b) => a.line - b.line);
    const oldest = sorted.reduce<number | null>(
      (min, m) =>
        m.introducedAt === null ? min : min === null ? m.introducedAt : Math.min(min, m.introducedAt),
      null,
    );
    const h = health.get(path);
    out.push({
      id: `debt-marker:${path}`,
      kind: 'debt-marker',
      title: `${sorted.length} debt marker${sorted.length === 1 ? '' : 's'} in ${path}${oldest !== null ? ` (oldest from ${formatDay(oldest)})` : ''}`,
      area: { module: h?.module ?? dominantModule([path], health), files: [path] },
      reasons: sorted.map(
        (m) =>
          `line ${m.line}: ${m.kind}${m.text ? ` ${m.text}` : ''} (${m.introducedAt !== null ? `since ${formatDay(m.introducedAt)}${m.author ? ` by ${m.author}` : ''}` : 'date unknown'})`,
      ),
      health: h?.score ?? 10,
      markers: sorted,
    });
  }
  return out;
}
