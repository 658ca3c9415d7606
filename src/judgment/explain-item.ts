/**
 * Plain-language explanations of an item's technical judgment: for a stakeholder (no jargon, every number with its
 * unit) and for an engineer (paths, metrics, thresholds). Every sentence lists the figures it shows and the field
 * each came from, so a reader (or a test) can trace every number back to the judgment. Pure: no I/O, no clock.
 * Register, glossary and traceability: ./explain-rationale.md.
 */
import type { ItemJudgment, RiskFactor, RiskKind } from '../domain/index.js';
import { formatLongDate } from './forecast-completion.js';
import { JUDGMENT_DEFAULTS } from './judge-item.js';
import { measureReadability } from './measure-readability.js';

export type Audience = 'stakeholder' | 'engineer';

/** How a raw field value becomes the text shown. */
export type FigureConversion =
  /** Rounded to one decimal ("8", "12.5"). */
  | 'number'
  /** A share in [0, 1] shown as a whole percentage ("80"). */
  | 'percent'
  /** A YYYY-MM-DD day shown as "12 March 2027". */
  | 'long-date'
  /** A string field shown as it is. */
  | 'text'
  /** A commit hash shown by its first 10 characters. */
  | 'sha';

/** One figure of a sentence and where it came from. */
export interface TracedFigure {
  /**
   * Path of the field in the explanation's sources (`item`, `judgment`, `forecast`, `defaults`), e.g.
   * `judgment.effort.p50`, `judgment.risks[2].figure`, `judgment.blastRadius.entryPoints[kind=page].length`.
   */
  readonly field: string;
  readonly raw: number | string;
  readonly conversion: FigureConversion;
  /** The text shown in the sentence. */
  readonly shown: string;
  /** The unit, in words ("working days", "files", "%"). */
  readonly unit: string;
}

export type SentenceTopic = 'size' | 'reach' | 'risk' | 'date';

export interface ExplanationSentence {
  readonly topic: SentenceTopic;
  readonly text: string;
  readonly figures: readonly TracedFigure[];
  /** The distinct fields of `figures`: what this sentence rests on. */
  readonly fields: readonly string[];
}

/** A forecast of the item's finish date at some likelihoods (from `tpo forecast`). */
export interface ExplainForecast {
  readonly dates: readonly { readonly percent: number; readonly date: string | null }[];
}

export interface ExplainInput {
  readonly item: {
    readonly id: string;
    readonly title: string;
    /** Person-weeks, as stated; null when not stated. */
    readonly statedEffort: number | null;
  };
  readonly judgment: ItemJudgment;
  readonly forecast?: ExplainForecast | null;
}

export interface Explanation {
  readonly id: string;
  readonly title: string;
  readonly audience: Audience;
  readonly sentences: readonly ExplanationSentence[];
  /** Flesch reading ease of all the sentences (60 or more is plain English). */
  readonly readingEase: number;
}

/** The values fields are resolved against: `resolveField(getExplanationSources(input), figure.field)`. */
export function getExplanationSources(input: ExplainInput): Record<string, unknown> {
  return {
    item: input.item,
    judgment: input.judgment,
    forecast: input.forecast ?? null,
    defaults: JUDGMENT_DEFAULTS,
  };
}

/**
 * The value at a field path: dots, `[n]` indexes, `[key=value]` / `[key>=number]` filters on arrays, `.length`.
 * @example
 * resolveField({ a: { b: [{ kind: 'page' }, { kind: 'route' }] } }, 'a.b[kind=page].length'); // 1
 */
export function resolveField(sources: unknown, field: string): unknown {
  const parts = field.match(/[^.[\]]+|\[[^\]]*\]/g) ?? [];
  let value: unknown = sources;
  for (const part of parts) {
    if (value === null || value === undefined) return undefined;
    if (part.startsWith('[')) {
      const inner = part.slice(1, -1);
      const filter = /^(\w+)(>=|=)(.*)$/.exec(inner);
      if (!Array.isArray(value)) return undefined;
      if (filter) {
        const [, key, op, expected] = filter as unknown as [string, string, string, string];
        value = (value as Record<string, unknown>[]).filter((v) =>
          op === '=' ? String(v[key]) === expected : Number(v[key]) >= Number(expected),
        );
      } else value = (value as unknown[])[Number(inner)];
    } else value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The text shown for a raw value: the one formatter every sentence (and the traceability test) uses. */
export function showFigure(raw: number | string, conversion: FigureConversion): string {
  switch (conversion) {
    case 'text':
      return String(raw);
    case 'sha':
      return String(raw).slice(0, 10);
    case 'long-date':
      return formatLongDate(String(raw));
    case 'percent':
      return String(Math.round(Number(raw) * 100));
    case 'number': {
      const n = Math.round(Number(raw) * 10) / 10;
      return Number.isInteger(n) ? String(n) : n.toFixed(1);
    }
  }
}

/** Builds sentences whose figures are recorded as they are written. */
class SentenceBuilder {
  readonly sentences: ExplanationSentence[] = [];
  constructor(private readonly sources: Record<string, unknown>) {}

  /** A figure from a field: returns its text for the template, and records it. */
  figure(
    collected: TracedFigure[],
    field: string,
    unit: string,
    conversion: FigureConversion = 'number',
  ): string {
    const raw = resolveField(this.sources, field);
    if (typeof raw !== 'number' && typeof raw !== 'string')
      throw new Error(`explanation field ${field} is not a number or string`);
    const shown = showFigure(raw, conversion);
    collected.push({ field, raw, conversion, shown, unit });
    return shown;
  }

  add(
    topic: SentenceTopic,
    write: (f: (field: string, unit: string, c?: FigureConversion) => string) => string,
  ) {
    const figures: TracedFigure[] = [];
    const text = write((field, unit, c) => this.figure(figures, field, unit, c));
    this.sentences.push({ topic, text, figures, fields: [...new Set(figures.map((x) => x.field))] });
  }
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

function listWords(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]!}`;
}

const CORE = `[confidence>=${JUDGMENT_DEFAULTS.areaConfidence}]`;

/** Everyday words for each risk, with the jargon glossed where it is named at all. */
function explainRiskPlainly(b: SentenceBuilder, risk: RiskFactor, i: number): void {
  const r = `judgment.risks[${i}]`;
  const writers: Record<RiskKind, () => void> = {
    hotspot: () =>
      b.add(
        'risk',
        (f) =>
          `Part of this code changes often and is hard to follow (a "hotspot"): it is number ${f(`${r}.figure`, 'place')} on a list where the top ${f(`${r}.threshold`, 'places')} count as the worst.`,
      ),
    'low-health': () => {
      b.add(
        'risk',
        (f) =>
          `Some of this code is in poor shape: it scores ${f(`${r}.figure`, 'out of ten')} out of ten for health, and the alarm line is ${f(`${r}.threshold`, 'out of ten')}.`,
      );
      b.add(
        'risk',
        (f) => `Code in that state tends to take ${f(`${r}.effortFactor`, 'times')} times as long to change.`,
      );
    },
    'one-author': () =>
      b.add(
        'risk',
        (f) =>
          `One person wrote ${f(`${r}.figure`, '%', 'percent')} % of the lines in ${f(`${r}.files.length`, 'files')} of these files, so few others know this code well.`,
      ),
    'inactive-owner': () =>
      b.add(
        'risk',
        (f) =>
          `The person who wrote most of it has made no change for ${f(`${r}.figure`, 'months')} months, so the team may need time to learn it again.`,
      ),
    'cross-module': () =>
      b.add(
        'risk',
        (f) =>
          `The change spans ${f(`${r}.figure`, 'parts')} separate parts of the code, and they must still fit together.`,
      ),
    'schema-change': () =>
      b.add('risk', (f) => {
        const k = f(`${r}.figure`, 'files');
        return `It changes the shape of stored or shared data in ${k} ${plural(Number(k), 'file', 'files')}, so all that reads this data must change with it.`;
      }),
    'public-api': () =>
      b.add('risk', (f) => {
        const k = f(`${r}.figure`, 'files');
        return `It changes ${k} ${plural(Number(k), 'file', 'files')} that other programs build on (a public interface), so the people who use them may have to change their code too.`;
      }),
    'high-fan-in': () =>
      b.add(
        'risk',
        (f) =>
          `One of its files is used by ${f(`${r}.figure`, 'files')} other files, so a small slip can spread far.`,
      ),
    'fix-history': () =>
      b.add(
        'risk',
        (f) =>
          `In the past, ${f(`${r}.figure`, '%', 'percent')} % of the changes to this code were fixes for problems, so expect some rework.`,
      ),
  };
  writers[risk.kind]();
}

function explainForStakeholder(input: ExplainInput, b: SentenceBuilder): void {
  const j = input.judgment;
  const stated = input.item.statedEffort;
  if (stated !== null && stated > 0) {
    b.add('size', (f) => {
      const w = f('item.statedEffort', 'weeks');
      return `It was put down as ${w} ${plural(stated, 'week', 'weeks')} of work for one person.`;
    });
  }
  if (j.effort.model === 'history') {
    b.add(
      'size',
      (f) =>
        `We found ${f('judgment.effort.similar.length', 'past changes')} past changes to the same code, and they took ${f('judgment.effort.p50', 'working days')} to ${f('judgment.effort.p85', 'working days')} working days.`,
    );
  } else {
    b.add(
      'size',
      (f) =>
        `We found too few past changes like this one, so this is a rough guess from the size of the work: ${f('judgment.effort.p50', 'working days')} to ${f('judgment.effort.p85', 'working days')} working days.`,
    );
  }
  if (j.disguiseRatio !== null) {
    if (j.biggerThanItLooks)
      b.add(
        'size',
        (f) =>
          `So it is about ${f('judgment.disguiseRatio', 'times')} times as big as it looks, and the reasons follow.`,
      );
    else if (j.disguiseRatio >= 1)
      b.add(
        'size',
        (f) =>
          `That is ${f('judgment.disguiseRatio', 'times')} times the time it was given, close to what was asked.`,
      );
    else
      b.add(
        'size',
        (f) =>
          `That is ${f('judgment.disguiseRatio', 'times')} times the time it was given, so it may be smaller than it looks.`,
      );
  }
  b.add('reach', (f) => {
    const files = f(`judgment.area.files${CORE}.length`, 'files');
    const parts = f('judgment.area.modules.length', 'parts of the code');
    return `The work touches ${files} ${plural(Number(files), 'file', 'files')} in ${parts} ${plural(Number(parts), 'part', 'parts')} of the code.`;
  });
  const blast = j.blastRadius;
  if (blast.dependents.length > 0) {
    b.add('reach', (f) => {
      const d = f('judgment.blastRadius.dependents.length', 'files');
      return `${d} other ${plural(Number(d), 'file uses', 'files use')} this code, so ${plural(Number(d), 'it', 'they')} may need checks or changes too.`;
    });
  }
  if (blast.modules.length > j.area.modules.length) {
    b.add('reach', (f) => {
      const m = f('judgment.blastRadius.modules.length', 'parts of the code');
      return `In all, the change reaches ${m} parts of the code.`;
    });
  }
  const kinds: { kind: string; one: string; many: string }[] = [
    { kind: 'page', one: 'screen that people see', many: 'screens that people see' },
    { kind: 'route', one: 'web address the product answers', many: 'web addresses the product answers' },
    { kind: 'command', one: 'command people type', many: 'commands people type' },
    {
      kind: 'public-api',
      one: 'place where other programs plug in',
      many: 'places where other programs plug in',
    },
    { kind: 'root', one: 'starting point of the program', many: 'starting points of the program' },
  ];
  const reached = kinds.filter((k) => blast.entryPoints.some((e) => e.kind === k.kind));
  if (reached.length > 0) {
    b.add('reach', (f) => {
      const parts = reached.map((k) => {
        const n = f(`judgment.blastRadius.entryPoints[kind=${k.kind}].length`, k.many);
        return `${n} ${plural(Number(n), k.one, k.many)}`;
      });
      return `In the product, it reaches ${listWords(parts)}.`;
    });
  }
  if (blast.coupled.length > 0) {
    b.add('reach', (f) => {
      const c = f('judgment.blastRadius.coupled.length', 'files');
      return `${c} other ${plural(Number(c), 'file usually changes', 'files usually change')} at the same time as this code, even though ${plural(Number(c), 'it does', 'they do')} not use it.`;
    });
  }
  j.risks.forEach((risk, i) => explainRiskPlainly(b, risk, i));
  if (j.risks.length === 0) b.add('risk', () => 'We found no special risk in this code.');
  const dates = input.forecast?.dates ?? [];
  const known = dates.map((d, i) => ({ ...d, i })).filter((d) => d.date !== null);
  if (known.length > 0) {
    b.add('date', (f) => {
      const parts = known.map(
        (d) =>
          `${f(`forecast.dates[${d.i}].percent`, '%')} % likely to be done by ${f(`forecast.dates[${d.i}].date`, 'date', 'long-date')}`,
      );
      return `If the team keeps its recent pace, it is ${listWords(parts)}.`;
    });
  } else {
    b.add('date', () => 'There is no date for it yet, so plan with the range of working days given above.');
  }
}

function explainForEngineer(input: ExplainInput, b: SentenceBuilder): void {
  const j = input.judgment;
  const core = j.area.files.filter((x) => x.confidence >= JUDGMENT_DEFAULTS.areaConfidence);
  b.add('reach', (f) => {
    const n = f(`judgment.area.files${CORE}.length`, 'files');
    const shown = core
      .slice(0, 8)
      .map((x) => f(`judgment.area.files[${j.area.files.indexOf(x)}].path`, 'path', 'text'));
    return `Area (${f('judgment.area.source', 'source', 'text')}): ${n} core files (confidence >= ${f('defaults.areaConfidence', 'confidence')}) in modules ${j.area.modules.map((_, i) => f(`judgment.area.modules[${i}]`, 'module', 'text')).join(', ') || '-'}: ${shown.join(', ')}${core.length > shown.length ? ', …' : ''}.`;
  });
  b.add(
    'size',
    (f) =>
      `Effort: P50 ${f('judgment.effort.p50', 'person-days')} and P85 ${f('judgment.effort.p85', 'person-days')} person-days (${f('judgment.effort.model', 'model', 'text')} model).`,
  );
  j.effort.notes.forEach((_, i) =>
    b.add('size', (f) => `Basis: ${f(`judgment.effort.notes[${i}]`, 'note', 'text')}.`),
  );
  if (j.effort.similar.length > 0)
    b.add(
      'size',
      (f) =>
        `Most similar change sets: ${j.effort.similar
          .slice(0, 3)
          .map(
            (_, i) =>
              `${f(`judgment.effort.similar[${i}].sha`, 'commit', 'sha')} (${f(`judgment.effort.similar[${i}].days`, 'working days')} working days, ${f(`judgment.effort.similar[${i}].files`, 'files')} files)`,
          )
          .join(', ')}.`,
    );
  if (j.disguiseRatio !== null)
    b.add(
      'size',
      (f) =>
        `Stated effort ${f('item.statedEffort', 'person-weeks')} person-weeks; disguise ratio (technical P50 / stated) ${f('judgment.disguiseRatio', 'ratio')}, flagged at >= ${f('defaults.disguiseFlag', 'ratio')}${j.biggerThanItLooks ? ': bigger than it looks' : ''}.`,
    );
  const blast = j.blastRadius;
  b.add(
    'reach',
    (f) =>
      `Blast radius: ${f('judgment.blastRadius.dependents.length', 'files')} dependent files within ${f('defaults.maxDependentDepth', 'import steps')} import steps (${f('judgment.blastRadius.dependents[depth=1].length', 'files')} direct), ${f('judgment.blastRadius.coupled.length', 'files')} co-changed files (change coupling confidence >= ${f('defaults.minCoupling', '%', 'percent')} %, >= ${f('defaults.minCoupledShared', 'change sets')} shared change sets), ${f('judgment.blastRadius.modules.length', 'modules')} modules reached.`,
  );
  if (blast.entryPoints.length > 0)
    b.add(
      'reach',
      (f) =>
        `Entry points reached: ${blast.entryPoints
          .slice(0, 8)
          .map(
            (_, i) =>
              `${f(`judgment.blastRadius.entryPoints[${i}].path`, 'path', 'text')} (${f(`judgment.blastRadius.entryPoints[${i}].kind`, 'kind', 'text')})`,
          )
          .join(', ')}${blast.entryPoints.length > 8 ? ', …' : ''}.`,
    );
  j.risks.forEach((_, i) => {
    const r = `judgment.risks[${i}]`;
    b.add(
      'risk',
      (f) =>
        `Risk, ${f(`${r}.label`, 'label', 'text')}: ${f(`${r}.detail`, 'detail', 'text')} (${f(`${r}.figure`, j.risks[i]!.unit)} ${f(`${r}.unit`, 'unit', 'text')}, threshold ${f(`${r}.threshold`, j.risks[i]!.unit)}; effort x ${f(`${r}.effortFactor`, 'factor')}).`,
    );
  });
  if (j.risks.length === 0) b.add('risk', () => 'No risk factor crossed its threshold.');
  const dates = input.forecast?.dates ?? [];
  if (dates.length > 0)
    b.add(
      'date',
      (f) =>
        `Forecast: ${dates
          .map((d, i) =>
            d.date === null
              ? `P${f(`forecast.dates[${i}].percent`, '%')} beyond ten years`
              : `P${f(`forecast.dates[${i}].percent`, '%')} ${f(`forecast.dates[${i}].date`, 'date', 'text')}`,
          )
          .join(', ')}.`,
    );
  else b.add('date', () => 'Forecast: none (no throughput history, or the item is not open).');
}

/**
 * Explains an item's judgment to a stakeholder or an engineer, sentence by sentence with the fields behind each
 * figure.
 * @example
 * const e = explainItem({ item: { id: 'T-4', title: 'Add a button', statedEffort: 1 }, judgment }, 'stakeholder');
 * e.sentences.map((s) => s.text).join(' '); // "It was put down as 1 week of work for one person. We found 6 ..."
 */
export function explainItem(input: ExplainInput, audience: Audience): Explanation {
  const b = new SentenceBuilder(getExplanationSources(input));
  if (audience === 'stakeholder') explainForStakeholder(input, b);
  else explainForEngineer(input, b);
  const text = b.sentences.map((s) => s.text).join(' ');
  return {
    id: input.item.id,
    title: input.item.title,
    audience,
    sentences: b.sentences,
    readingEase: measureReadability(text).readingEase,
  };
}

const STAKEHOLDER_HEADINGS: Readonly<Record<SentenceTopic, string>> = {
  size: 'Why it is this size',
  reach: 'What else it affects',
  risk: 'What could go wrong',
  date: 'When it could be done',
};

/** The explanation as paragraphs by topic (plain text), or Markdown with a heading per topic. */
export function renderExplanation(e: Explanation, format: 'text' | 'markdown'): string {
  const topics: SentenceTopic[] = ['size', 'reach', 'risk', 'date'];
  const blocks = topics
    .map((t) => ({ t, text: e.sentences.filter((s) => s.topic === t).map((s) => s.text) }))
    .filter((x) => x.text.length > 0);
  if (format === 'markdown') {
    const body = blocks.map((x) =>
      e.audience === 'stakeholder'
        ? `## ${STAKEHOLDER_HEADINGS[x.t]}\n\n${x.text.join(' ')}`
        : `## ${x.t}\n\n${x.text.map((s) => `- ${s}`).join('\n')}`,
    );
    return `# ${e.id}: ${e.title}\n\n${body.join('\n\n')}\n`;
  }
  const body =
    e.audience === 'stakeholder' ? blocks.map((x) => x.text.join(' ')) : blocks.map((x) => x.text.join('\n'));
  return `${e.id} ${e.title}\n\n${body.join('\n\n')}\n`;
}
