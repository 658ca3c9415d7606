/**
 * Ranks the open backlog by RICE (or WSJF), lets priority flow through dependencies, and says why each item
 * sits where it does. Pure: the same items and options always give the same ranking.
 * Definitions: ./rice-rationale.md and ./priority-flow-rationale.md.
 */
import {
  compareItemIds,
  isOpenStatus,
  TpoError,
  type CostOfDelay,
  type Item,
  type ItemId,
  type ItemKind,
  type ItemStatus,
  type RiceInputs,
} from '../domain/index.js';
import { findDependencyCycle, formatDependencyCycle } from './detect-dependency-cycle.js';

export type RankingScheme = 'rice' | 'wsjf';
export const RANKING_SCHEMES: readonly RankingScheme[] = ['rice', 'wsjf'];

/**
 * A change to one stated input before scoring, with its reason: how a later judgment (e.g. technical effort
 * from the code) moves an item. Adjustments apply in order; WSJF uses only effort.
 */
export interface Adjustment {
  readonly input: keyof RiceInputs;
  /** The input's new value, in the input's unit (person-weeks for effort, percent for confidence). */
  readonly value: number;
  /** Why, in words a stakeholder understands. */
  readonly reason: string;
}

export type RankReasonKind = 'score' | 'unscored' | 'adjusted' | 'ranked-up' | 'unblocks' | 'waits-for';

export interface RankReason {
  readonly kind: RankReasonKind;
  readonly text: string;
}

/** The item whose value an item inherits through priority flow. */
export interface RankedUpBy {
  /** The valuable item that waits (directly or not) for this one. */
  readonly id: ItemId;
  /** Its own (adjusted) score, which this item inherits. */
  readonly score: number;
  /** The items in between, nearest first; empty when it waits directly. */
  readonly through: readonly ItemId[];
}

export interface RankedItem {
  /** 1 for the item to do first. */
  readonly position: number;
  readonly id: ItemId;
  readonly title: string;
  readonly kind: ItemKind;
  readonly status: ItemStatus;
  readonly tags: readonly string[];
  /** The scheme's score from the stated inputs; null when an input is missing. */
  readonly score: number | null;
  /** The score after adjustments (equal to `score` when there are none). */
  readonly adjustedScore: number | null;
  /** The figure the ranking orders by: adjustedScore, raised to that of the most valuable item it unblocks. */
  readonly priority: number | null;
  readonly rankedUpBy: RankedUpBy | null;
  /** Open items this one blocks directly. */
  readonly unblocks: readonly ItemId[];
  /** Open items this one waits for. */
  readonly waitsFor: readonly ItemId[];
  readonly reasons: readonly RankReason[];
}

export interface RankedBacklog {
  readonly scheme: RankingScheme;
  readonly items: readonly RankedItem[];
  /** Items left out because they are done or dropped. */
  readonly closed: number;
}

export interface RankBacklogOptions {
  /** Default 'rice'. */
  readonly scheme?: RankingScheme;
  /** Per item, changes to its inputs made by other judgments, each with its reason. */
  readonly adjustments?: ReadonlyMap<ItemId, readonly Adjustment[]>;
}

const SCHEME_LABEL: Record<RankingScheme, string> = { rice: 'RICE', wsjf: 'WSJF' };
const STATUS_ORDER: Record<ItemStatus, number> = {
  'in-progress': 0,
  ready: 1,
  idea: 2,
  done: 3,
  dropped: 4,
};

// One formatter for every figure: `toLocaleString` with options builds a new one per call, which dominated the
// ranking of a large backlog (seconds for 20,000 items).
const FIGURE_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** A figure for a reason's text: whole numbers grouped (2,000), others with up to two decimals. */
export function formatFigure(n: number): string {
  return FIGURE_FORMAT.format(n);
}

/** RICE = reach x impact x confidence / effort (confidence as a fraction); null when an input is missing. */
export function computeRice(rice: RiceInputs): number | null {
  const { reach, impact, confidence, effort } = rice;
  if (reach === null || impact === null || confidence === null || effort === null || effort <= 0) return null;
  return (reach * impact * (confidence / 100)) / effort;
}

/**
 * WSJF = cost of delay / job size, where cost of delay = business value + time criticality + risk reduction
 * (a missing component counts as 0, but at least one must be stated) and job size = effort.
 */
export function computeWsjf(costOfDelay: CostOfDelay, effort: number | null): number | null {
  const parts = [costOfDelay.businessValue, costOfDelay.timeCriticality, costOfDelay.riskReduction];
  if (effort === null || effort <= 0 || parts.every((p) => p === null)) return null;
  return parts.reduce<number>((sum, p) => sum + (p ?? 0), 0) / effort;
}

function describeRice(rice: RiceInputs, score: number, label: string): string {
  return (
    `${label} ${formatFigure(score)} = reach ${formatFigure(rice.reach!)} x impact ${formatFigure(rice.impact!)}` +
    ` x confidence ${formatFigure(rice.confidence!)} % / effort ${formatFigure(rice.effort!)} person-weeks`
  );
}

function describeWsjf(cod: CostOfDelay, effort: number, score: number, label: string): string {
  const parts = [
    ['business value', cod.businessValue],
    ['time criticality', cod.timeCriticality],
    ['risk reduction', cod.riskReduction],
  ] as const;
  const sum = parts.reduce<number>((s, [, v]) => s + (v ?? 0), 0);
  return (
    `${label} ${formatFigure(score)} = cost of delay ${formatFigure(sum)} (` +
    parts
      .map(([name, v]) => `${name} ${v === null ? 'not stated, counted as 0' : formatFigure(v)}`)
      .join(' + ') +
    `) / effort ${formatFigure(effort)} person-weeks`
  );
}

function missingInputs(scheme: RankingScheme, rice: RiceInputs, cod: CostOfDelay): string[] {
  const missing: string[] = [];
  if (scheme === 'rice') {
    for (const key of ['reach', 'impact', 'confidence', 'effort'] as const)
      if (rice[key] === null) missing.push(key);
  } else {
    if (cod.businessValue === null && cod.timeCriticality === null && cod.riskReduction === null)
      missing.push('cost of delay (business value, time criticality or risk reduction)');
    if (rice.effort === null) missing.push('effort');
  }
  return missing;
}

function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]!}`;
}

interface Scored {
  readonly item: Item;
  readonly score: number | null;
  readonly adjustedScore: number | null;
  readonly reasons: RankReason[];
}

function scoreItem(item: Item, scheme: RankingScheme, adjustments: readonly Adjustment[]): Scored {
  const label = SCHEME_LABEL[scheme];
  const reasons: RankReason[] = [];
  const score = scheme === 'rice' ? computeRice(item.rice) : computeWsjf(item.costOfDelay, item.rice.effort);
  const missing = missingInputs(scheme, item.rice, item.costOfDelay);
  if (score !== null) {
    reasons.push({
      kind: 'score',
      text:
        scheme === 'rice'
          ? describeRice(item.rice, score, label)
          : describeWsjf(item.costOfDelay, item.rice.effort!, score, label),
    });
  } else {
    reasons.push({
      kind: 'unscored',
      text: `no ${label} score: ${listWords(missing)} ${missing.length === 1 ? 'is' : 'are'} not stated; ranked after scored items`,
    });
  }
  const relevant = adjustments.filter((a) => scheme === 'rice' || a.input === 'effort');
  if (relevant.length === 0) return { item, score, adjustedScore: score, reasons };
  let rice: RiceInputs = item.rice;
  for (const a of relevant) {
    const before = rice[a.input];
    rice = { ...rice, [a.input]: a.value };
    const unit = a.input === 'effort' ? ' person-weeks' : a.input === 'confidence' ? ' %' : '';
    reasons.push({
      kind: 'adjusted',
      text: `${a.input} ${before === null ? 'not stated' : `${formatFigure(before)}${unit}`} -> ${formatFigure(a.value)}${unit}: ${a.reason}`,
    });
  }
  const adjustedScore = scheme === 'rice' ? computeRice(rice) : computeWsjf(item.costOfDelay, rice.effort);
  if (score === null && adjustedScore !== null)
    reasons[0] = {
      kind: 'unscored',
      text: `no ${label} score from the stated inputs: ${listWords(missing)} ${missing.length === 1 ? 'is' : 'are'} not stated`,
    };
  if (adjustedScore !== null) {
    reasons.push({
      kind: 'adjusted',
      text:
        scheme === 'rice'
          ? describeRice(rice, adjustedScore, `adjusted ${label}`)
          : describeWsjf(item.costOfDelay, rice.effort!, adjustedScore, `adjusted ${label}`),
    });
  }
  return { item, score, adjustedScore, reasons };
}

/** null sorts below every number. */
function compareDesc(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return b - a;
}

/** A binary min-heap under `compare`. */
class Heap<T> {
  private readonly data: T[] = [];
  constructor(private readonly compare: (a: T, b: T) => number) {}
  get size(): number {
    return this.data.length;
  }
  push(value: T): void {
    const d = this.data;
    d.push(value);
    let i = d.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(d[i]!, d[parent]!) >= 0) break;
      [d[i], d[parent]] = [d[parent]!, d[i]!];
      i = parent;
    }
  }
  pop(): T | undefined {
    const d = this.data;
    const top = d[0];
    const last = d.pop();
    if (d.length > 0 && last !== undefined) {
      d[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < d.length && this.compare(d[l]!, d[m]!) < 0) m = l;
        if (r < d.length && this.compare(d[r]!, d[m]!) < 0) m = r;
        if (m === i) break;
        [d[i], d[m]] = [d[m]!, d[i]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Ranks the open items (idea, ready, in-progress) of a backlog.
 *
 * Order: by priority, highest first, where an item's priority is its own (adjusted) score raised to the
 * priority of the most valuable open item that waits for it, directly or through others; a blocker is always
 * placed before the items it blocks. Ties go to in-progress, then ready, then idea items, then to the older
 * item. Items without a score come last unless they unblock a scored item. Done and dropped items are left out,
 * and dependencies on them no longer hold anything back.
 *
 * Throws TpoError('Invalid') if the open items' dependencies form a cycle.
 */
export function rankBacklog(items: readonly Item[], options: RankBacklogOptions = {}): RankedBacklog {
  const scheme = options.scheme ?? 'rice';
  const label = SCHEME_LABEL[scheme];
  const open = items.filter((i) => isOpenStatus(i.status));
  const scored = new Map<ItemId, Scored>();
  for (const item of open)
    scored.set(item.id, scoreItem(item, scheme, options.adjustments?.get(item.id) ?? []));

  // Dependencies that still hold: both ends open.
  const unblocks = new Map<ItemId, ItemId[]>();
  const waitsFor = new Map<ItemId, ItemId[]>();
  for (const item of open) {
    for (const blocker of item.blockedBy) {
      if (!scored.has(blocker)) continue;
      (unblocks.get(blocker) ?? unblocks.set(blocker, []).get(blocker)!).push(item.id);
      (waitsFor.get(item.id) ?? waitsFor.set(item.id, []).get(item.id)!).push(blocker);
    }
  }
  for (const list of [...unblocks.values(), ...waitsFor.values()]) list.sort(compareItemIds);

  // Topological order (blockers first); leftovers mean a cycle.
  const indegree = new Map<ItemId, number>();
  for (const item of open) indegree.set(item.id, waitsFor.get(item.id)?.length ?? 0);
  const topo: ItemId[] = [];
  const queue = open.filter((i) => indegree.get(i.id) === 0).map((i) => i.id);
  for (let q = 0; q < queue.length; q += 1) {
    const id = queue[q]!;
    topo.push(id);
    for (const next of unblocks.get(id) ?? []) {
      const d = indegree.get(next)! - 1;
      indegree.set(next, d);
      if (d === 0) queue.push(next);
    }
  }
  if (topo.length < open.length) {
    const deps = [...waitsFor].flatMap(([blocked, blockers]) =>
      blockers.map((blocker) => ({ blocker, blocked })),
    );
    const cycle = findDependencyCycle(deps) ?? [];
    throw new TpoError(
      'Invalid',
      `dependency cycle: ${formatDependencyCycle(cycle)}; remove one of these dependencies with "tpo block --remove"`,
      { cycle },
    );
  }

  // Priority flows from the blocked to their blockers: visit the blocked (later in topo order) first.
  const priority = new Map<ItemId, number | null>();
  const source = new Map<ItemId, RankedUpBy | null>();
  for (let k = topo.length - 1; k >= 0; k -= 1) {
    const id = topo[k]!;
    const own = scored.get(id)!.adjustedScore;
    let best = own;
    let from: RankedUpBy | null = null;
    for (const next of unblocks.get(id) ?? []) {
      const p = priority.get(next) ?? null;
      if (p !== null && (best === null || p > best)) {
        best = p;
        const inherited = source.get(next) ?? null;
        from = inherited
          ? { id: inherited.id, score: inherited.score, through: [next, ...inherited.through] }
          : { id: next, score: p, through: [] };
      }
    }
    priority.set(id, best);
    source.set(id, from);
  }

  const compare = (a: ItemId, b: ItemId): number => {
    const sa = scored.get(a)!;
    const sb = scored.get(b)!;
    return (
      compareDesc(priority.get(a) ?? null, priority.get(b) ?? null) ||
      compareDesc(sa.adjustedScore, sb.adjustedScore) ||
      STATUS_ORDER[sa.item.status] - STATUS_ORDER[sb.item.status] ||
      sa.item.createdAt - sb.item.createdAt ||
      compareItemIds(a, b)
    );
  };
  const heap = new Heap<ItemId>(compare);
  const remaining = new Map<ItemId, number>();
  for (const item of open) {
    const n = waitsFor.get(item.id)?.length ?? 0;
    remaining.set(item.id, n);
    if (n === 0) heap.push(item.id);
  }
  const ranked: RankedItem[] = [];
  while (heap.size > 0) {
    const id = heap.pop()!;
    const s = scored.get(id)!;
    const reasons = [...s.reasons];
    const up = source.get(id) ?? null;
    if (up) {
      reasons.push({
        kind: 'ranked-up',
        text: `ranked up: unblocks ${up.id}${up.through.length > 0 ? ` (through ${up.through.join(', ')})` : ''}, ${label} ${formatFigure(up.score)}`,
      });
    } else if ((unblocks.get(id)?.length ?? 0) > 0) {
      reasons.push({ kind: 'unblocks', text: `unblocks ${unblocks.get(id)!.join(', ')}` });
    }
    if ((waitsFor.get(id)?.length ?? 0) > 0)
      reasons.push({ kind: 'waits-for', text: `waits for ${waitsFor.get(id)!.join(', ')}` });
    ranked.push({
      position: ranked.length + 1,
      id,
      title: s.item.title,
      kind: s.item.kind,
      status: s.item.status,
      tags: s.item.tags,
      score: s.score,
      adjustedScore: s.adjustedScore,
      priority: priority.get(id) ?? null,
      rankedUpBy: up,
      unblocks: unblocks.get(id) ?? [],
      waitsFor: waitsFor.get(id) ?? [],
      reasons,
    });
    for (const next of unblocks.get(id) ?? []) {
      const n = remaining.get(next)! - 1;
      remaining.set(next, n);
      if (n === 0) heap.push(next);
    }
  }
  return { scheme, items: ranked, closed: items.length - open.length };
}
