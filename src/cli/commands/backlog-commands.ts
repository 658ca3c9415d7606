/**
 * Commands over the backlog: add, edit, show, list, move, block, rm, rank, import, export.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  addItem,
  assertImportFormat,
  editItem,
  EXPORT_FORMATS,
  exportBacklog,
  formatRanking,
  getItem,
  getWipWarning,
  getItemDocument,
  loadItemJudgment,
  GH_ISSUE_FIELDS,
  importBacklog,
  importGithubIssues,
  listItems,
  moveItem,
  getJudgedRanking,
  readItemDocument,
  removeItem,
  setDependency,
  type ExportFormat,
  type ImportResult,
  type ItemDetails,
  type ItemDocument,
} from '../../app/index.js';
import {
  assertItemKind,
  assertItemStatus,
  compareItemIds,
  IMPACT_VALUES,
  ITEM_KINDS,
  ITEM_STATUSES,
  normalizeItemId,
  TpoError,
  type Item,
  type ItemJudgment,
  type ItemKind,
  type ItemPatch,
  type ItemStatus,
} from '../../domain/index.js';
import { editInEditor, isInteractive } from '../editor.js';
import { formatDuration, formatNumber, printJson, renderTable } from '../render.js';
import { parsePositiveInt, withCommonOptions, withWorkspace, type CommonOptions } from '../options.js';

/** Collects a repeatable option, each value possibly a comma-separated list. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  ];
}

/** `none` (or an empty value) clears an optional field. */
function isNone(value: string): boolean {
  return value.trim() === '' || value.trim().toLowerCase() === 'none';
}

function parseFigure(name: string): (value: string) => number | null {
  return (value) => {
    if (isNone(value)) return null;
    const n = Number(value.trim().replace(/%$/, ''));
    if (!Number.isFinite(n))
      throw new TpoError('Invalid', `${name} must be a number (or "none"), got "${value}"`);
    return n;
  };
}

/**
 * A confidence, a percent: 0.8 is almost always a fraction meant as 80 %, which would rank the item 100 times too
 * low, so it is refused with the percent to write; written with its percent sign ("0.8%") it is taken as it says.
 */
function parseConfidence(value: string): number | null {
  const n = parseFigure('confidence')(value);
  const text = value.trim();
  if (n !== null && n > 0 && n < 1 && !text.endsWith('%')) {
    const percent = String(Math.round(n * 1000) / 10);
    throw new TpoError(
      'Invalid',
      `confidence is a percent from 0 to 100: write ${percent} for ${percent} %, or "${text}%" if you mean ${text} %`,
    );
  }
  return n;
}

function parseId(value: string): string {
  return normalizeItemId(value);
}

interface FieldOptions {
  readonly title?: string;
  readonly description?: string;
  readonly kind?: string;
  readonly status?: string;
  readonly reach?: number | null;
  readonly impact?: number | null;
  readonly confidence?: number | null;
  readonly effort?: number | null;
  readonly businessValue?: number | null;
  readonly timeCriticality?: number | null;
  readonly riskReduction?: number | null;
  readonly tag?: string[];
  readonly requester?: string;
  readonly target?: string;
  readonly area?: string[];
  readonly blockedBy?: string[];
  readonly blocks?: string[];
  readonly external?: string;
  readonly url?: string;
  readonly editor?: boolean;
  readonly expectVersion?: number;
}

/** Adds the flags that set an item's fields (shared by add and edit). */
function withFieldOptions(command: Command): Command {
  return command
    .option('--title <text>', 'one-line title')
    .option('--description <markdown>', 'description (Markdown)')
    .option('--kind <kind>', `kind: ${ITEM_KINDS.join(', ')}`)
    .option('--status <status>', `status: ${ITEM_STATUSES.join(', ')}`)
    .option(
      '--reach <n>',
      'RICE reach: people or events per quarter ("none" clears it)',
      parseFigure('reach'),
    )
    .option('--impact <n>', `RICE impact: ${IMPACT_VALUES.join(', ')}`, parseFigure('impact'))
    .option('--confidence <percent>', 'RICE confidence, 0-100 %', parseConfidence)
    .option('--effort <weeks>', 'effort in person-weeks, as stated by whoever asks', parseFigure('effort'))
    .option(
      '--business-value <n>',
      'WSJF business value (1, 2, 3, 5, 8, 13, 20)',
      parseFigure('business value'),
    )
    .option('--time-criticality <n>', 'WSJF time criticality', parseFigure('time criticality'))
    .option(
      '--risk-reduction <n>',
      'WSJF risk reduction / opportunity enablement',
      parseFigure('risk reduction'),
    )
    .option('--tag <tag>', 'a tag (repeat, or separate with commas; replaces the list on edit)', collect)
    .option('--requester <name>', 'who asked for it ("none" clears it)')
    .option('--target <YYYY-MM-DD>', 'target date ("none" clears it)')
    .option('--area <path|glob>', 'a code area it touches (repeat; replaces the list on edit)', collect)
    .option('--blocked-by <id>', 'an item this one waits for (repeat; replaces the list on edit)', collect)
    .option('--blocks <id>', 'an item that waits for this one (repeat)', collect)
    .option('--external <tracker:key>', 'where it comes from, e.g. github:acme/shop#12 or jira:PROJ-7')
    .option('--url <url>', 'link to it in that tracker')
    .option('--editor', 'write the item in $EDITOR (the default on a terminal when no field flag is given)');
}

const FIELD_FLAGS: readonly (keyof FieldOptions)[] = [
  'title',
  'description',
  'kind',
  'status',
  'reach',
  'impact',
  'confidence',
  'effort',
  'businessValue',
  'timeCriticality',
  'riskReduction',
  'tag',
  'requester',
  'target',
  'area',
  'blockedBy',
  'blocks',
  'external',
  'url',
];

function hasFieldFlags(options: FieldOptions): boolean {
  return FIELD_FLAGS.some((f) => options[f] !== undefined);
}

/** The patch the flags state (only what was given). */
function toPatch(
  options: FieldOptions,
  current: Item | null,
): ItemPatch & { blockedBy?: string[]; blocks?: string[] } {
  const patch: { -readonly [K in keyof ItemPatch]: ItemPatch[K] } = {};
  if (options.title !== undefined) patch.title = options.title;
  if (options.description !== undefined) patch.description = options.description;
  if (options.kind !== undefined) {
    assertItemKind(options.kind);
    patch.kind = options.kind;
  }
  if (options.status !== undefined) {
    assertItemStatus(options.status);
    patch.status = options.status;
  }
  const rice: Record<string, number | null> = {};
  for (const input of ['reach', 'impact', 'confidence', 'effort'] as const)
    if (options[input] !== undefined) rice[input] = options[input];
  if (Object.keys(rice).length > 0) patch.rice = rice;
  const cod: Record<string, number | null> = {};
  for (const input of ['businessValue', 'timeCriticality', 'riskReduction'] as const)
    if (options[input] !== undefined) cod[input] = options[input];
  if (Object.keys(cod).length > 0) patch.costOfDelay = cod;
  if (options.tag !== undefined) patch.tags = options.tag;
  if (options.requester !== undefined) patch.requester = isNone(options.requester) ? null : options.requester;
  if (options.target !== undefined) patch.targetDate = isNone(options.target) ? null : options.target;
  if (options.area !== undefined) patch.areas = options.area;
  if (options.external !== undefined) {
    if (isNone(options.external)) patch.external = null;
    else {
      const m = /^([a-z][a-z0-9-]*):(.+)$/.exec(options.external.trim());
      if (!m)
        throw new TpoError(
          'Invalid',
          `--external must be tracker:key, e.g. jira:PROJ-7, got "${options.external}"`,
        );
      patch.external = { tracker: m[1]!, key: m[2]!, url: options.url ?? current?.external?.url ?? null };
    }
  } else if (options.url !== undefined) {
    if (!current?.external) throw new TpoError('Invalid', '--url needs --external tracker:key');
    patch.external = { ...current.external, url: isNone(options.url) ? null : options.url };
  }
  return {
    ...patch,
    ...(options.blockedBy !== undefined ? { blockedBy: options.blockedBy.map(parseId) } : {}),
    ...(options.blocks !== undefined ? { blocks: options.blocks.map(parseId) } : {}),
  };
}

function score(n: number | null): string {
  return n === null ? '-' : formatNumber(n, Number.isInteger(n) ? 0 : 1);
}

function dateTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The item's code area (declared or predicted), blast radius, risks and technical size, for `tpo show`. */
function renderJudgment(j: ItemJudgment): string {
  const out = [
    '',
    j.area.source === 'declared'
      ? 'Code area (declared)'
      : 'Code area (predicted from the title and description by tpo locate; confidence in %)',
  ];
  for (const f of j.area.files)
    out.push(
      `  ${String(Math.round(f.confidence * 100)).padStart(3)} %  ${f.path}  [${f.module}]${f.evidence.length > 0 ? `  ${f.evidence.join('; ')}` : ''}`,
    );
  const b = j.blastRadius;
  out.push(
    '',
    `Blast radius: ${b.dependents.length} dependent files, ${b.coupled.length} coupled files, ${b.modules.length} modules (${b.modules.slice(0, 6).join(', ')})${
      b.entryPoints.length > 0
        ? `; entry points: ${b.entryPoints
            .slice(0, 5)
            .map((e) => `${e.path} (${e.kind})`)
            .join(', ')}`
        : ''
    }`,
  );
  if (j.risks.length > 0) {
    out.push('Risks:');
    for (const r of j.risks) out.push(`  ${r.label}: ${r.detail}`);
  }
  out.push(
    `Technical effort: P50 ${j.effort.p50} person-days, P85 ${j.effort.p85} (${j.effort.model} model)${j.disguiseRatio !== null ? `; ${j.disguiseRatio} x the stated effort` : ''}`,
  );
  if (j.biggerThanItLooks) out.push(`Bigger than it looks: ${j.reasons.join('; ')}`);
  return `${out.join('\n')}\n`;
}

function printItem(details: ItemDetails): void {
  const { item } = details;
  const r = item.rice;
  const cod = item.costOfDelay;
  const lines = [
    `${item.id}  ${item.title}`,
    `  ${item.kind}, ${item.status}, version ${item.version}`,
    `  RICE ${score(details.rice)}  (reach ${r.reach ?? '?'} x impact ${r.impact ?? '?'} x confidence ${r.confidence ?? '?'} % / effort ${r.effort ?? '?'} person-weeks)`,
    `  WSJF ${score(details.wsjf)}  (business value ${cod.businessValue ?? '?'} + time criticality ${cod.timeCriticality ?? '?'} + risk reduction ${cod.riskReduction ?? '?'}, / effort)`,
  ];
  if (item.tags.length > 0) lines.push(`  tags: ${item.tags.join(', ')}`);
  if (item.requester) lines.push(`  requested by ${item.requester}`);
  if (item.targetDate) lines.push(`  target date ${item.targetDate}`);
  if (item.areas.length > 0) lines.push(`  areas: ${item.areas.join(', ')}`);
  if (item.external)
    lines.push(
      `  from ${item.external.tracker} ${item.external.key}${item.external.url ? `  ${item.external.url}` : ''}`,
    );
  if (item.blockedBy.length > 0) lines.push(`  waits for ${item.blockedBy.join(', ')}`);
  if (details.blocks.length > 0) lines.push(`  blocks ${details.blocks.join(', ')}`);
  lines.push(
    `  created ${dateTime(item.createdAt)}, updated ${dateTime(item.updatedAt)}${item.startedAt !== null ? `, started ${dateTime(item.startedAt)}` : ''}${item.finishedAt !== null ? `, finished ${dateTime(item.finishedAt)}` : ''}`,
    '  history:',
    ...item.history.map((h) => `    ${dateTime(h.at)}  ${h.from ?? '(created)'} -> ${h.to}`),
  );
  if (item.description.trim() !== '') lines.push('', item.description.trimEnd());
  process.stdout.write(`${lines.join('\n')}\n`);
}

function printImport(result: ImportResult): void {
  const lines = [
    `${result.dryRun ? 'Would import' : 'Imported'} ${result.file} (${result.format}): ${formatNumber(result.created)} created, ${formatNumber(result.updated)} updated, ${formatNumber(result.unchanged)} unchanged in ${formatDuration(result.durationMs)}`,
  ];
  for (const n of result.notices) lines.push(`  notice: ${n}`);
  if (result.dryRun) lines.push('  (dry run: nothing was written)');
  process.stdout.write(`${lines.join('\n')}\n`);
}

function statusList(values: string[] | undefined): ItemStatus[] | undefined {
  values?.forEach((v) => assertItemStatus(v));
  return values as ItemStatus[] | undefined;
}

function kindList(values: string[] | undefined): ItemKind[] | undefined {
  values?.forEach((v) => assertItemKind(v));
  return values as ItemKind[] | undefined;
}

export function registerBacklogCommands(program: Command): void {
  withCommonOptions(
    withFieldOptions(
      program
        .command('add')
        .argument('[title...]', 'the title (or use --title; with nothing on a terminal, $EDITOR opens)')
        .description('add an item to the backlog; it gets the next T-n id'),
    ),
  ).action(async (words: string[], options: CommonOptions & FieldOptions) => {
    const title = options.title ?? (words.length > 0 ? words.join(' ') : undefined);
    const useEditor =
      options.editor === true || (title === undefined && !hasFieldFlags(options) && isInteractive());
    await withWorkspace(options, async (ws) => {
      const done = (item: Item): void => {
        if (options.json) printJson(item);
        else process.stdout.write(`Added ${item.id}: ${item.title}\n`);
      };
      const patch = toPatch(options, null);
      if (useEditor) {
        const { blockedBy, blocks, ...fields } = patch;
        await editInEditor<ItemDocument | null, void>(
          {
            initial: getItemDocument(null, { ...fields, title: title ?? '' }),
            name: 'new-item.md',
            parse: readItemDocument,
          },
          async (doc) => {
            if (doc === null) throw new TpoError('Invalid', 'the title was left empty, so nothing was added');
            done(
              await addItem(ws.store, {
                ...doc.fields,
                blockedBy: doc.blockedBy.length > 0 ? doc.blockedBy : (blockedBy ?? []),
                blocks: blocks ?? [],
              }),
            );
          },
        );
        return;
      }
      if (title === undefined)
        throw new TpoError(
          'Invalid',
          'give the item a title: tpo add "Export invoices as PDF" [--reach 2000 --impact 2 …], or run tpo add on a terminal to write it in $EDITOR',
        );
      done(await addItem(ws.store, { ...patch, title }));
    });
  });

  withCommonOptions(
    withFieldOptions(
      program
        .command('edit')
        .argument('<id>', 'the item, e.g. T-42 (or 42)')
        .description('change an item: flags set fields; with none on a terminal, $EDITOR opens on the item')
        .option(
          '--expect-version <n>',
          'refuse (exit 3) unless the item is still at this version',
          parsePositiveInt('--expect-version'),
        ),
    ),
  ).action(async (rawId: string, options: CommonOptions & FieldOptions) => {
    const id = parseId(rawId);
    await withWorkspace(options, async (ws) => {
      const done = (before: number, item: Item): void => {
        if (options.json) return printJson(item);
        process.stdout.write(
          item.version === before
            ? `${item.id} unchanged (version ${item.version})\n`
            : `Updated ${item.id} (version ${item.version})\n`,
        );
      };
      const useEditor = options.editor === true || (!hasFieldFlags(options) && isInteractive());
      if (useEditor) {
        const { item } = await getItem(ws.store, id);
        if (options.expectVersion !== undefined && options.expectVersion !== item.version)
          await editItem(ws.store, id, {}, { expectedVersion: options.expectVersion });
        await editInEditor<ItemDocument | null, void>(
          { initial: getItemDocument(item), name: `${id}.md`, parse: readItemDocument },
          async (doc) => {
            if (doc === null)
              throw new TpoError('Invalid', 'the title was left empty, so nothing was changed');
            done(
              item.version,
              await editItem(
                ws.store,
                id,
                { ...doc.fields, blockedBy: [...doc.blockedBy] },
                { expectedVersion: item.version },
              ),
            );
          },
        );
        return;
      }
      if (!hasFieldFlags(options))
        throw new TpoError(
          'Invalid',
          `say what to change, e.g. tpo edit ${id} --effort 3, or run it on a terminal to edit ${id} in $EDITOR`,
        );
      const { item } = await getItem(ws.store, id);
      const after = await editItem(ws.store, id, toPatch(options, item), {
        expectedVersion: options.expectVersion ?? item.version,
      });
      done(item.version, after);
    });
  });

  withCommonOptions(
    program
      .command('show')
      .argument('<id>', 'the item, e.g. T-42')
      .description(
        'one item: fields, scores, dependencies, history, and its technical judgment (code area, blast radius, risks, size)',
      ),
  ).action(async (rawId: string, options: CommonOptions) => {
    await withWorkspace(options, async (ws) => {
      const details = await getItem(ws.store, parseId(rawId));
      const judgment = await loadItemJudgment(ws, details.item);
      if (options.json) return printJson({ ...details, judgment });
      printItem(details);
      if (judgment) process.stdout.write(renderJudgment(judgment));
    });
  });

  withCommonOptions(
    program
      .command('list')
      .description('the backlog, ordered by id (filters combine: every one must hold)')
      .option(
        '--status <status>',
        `only these statuses (repeat or comma-separate): ${ITEM_STATUSES.join(', ')}`,
        collect,
      )
      .option('--kind <kind>', `only these kinds: ${ITEM_KINDS.join(', ')}`, collect)
      .option('--tag <tag>', 'only items with this tag (repeat: with every one)', collect)
      .option('--text <words>', 'only items whose id, title, description or tracker key contain this text')
      .option('--open', 'only open items (idea, ready, in-progress)'),
  ).action(
    async (
      options: CommonOptions & {
        status?: string[];
        kind?: string[];
        tag?: string[];
        text?: string;
        open?: boolean;
      },
    ) => {
      await withWorkspace(options, async (ws) => {
        const statuses = options.open
          ? (['idea', 'ready', 'in-progress'] as ItemStatus[])
          : statusList(options.status);
        const items = await listItems(ws.store, {
          ...(statuses ? { statuses } : {}),
          ...(options.kind ? { kinds: kindList(options.kind)! } : {}),
          ...(options.tag ? { tags: options.tag } : {}),
          ...(options.text ? { text: options.text } : {}),
        });
        if (options.json) return printJson({ items });
        if (items.length === 0) return void process.stdout.write('No items. Add one with: tpo add "Title"\n');
        process.stdout.write(
          `${renderTable(items, [
            { header: 'id', value: (i) => i.id },
            { header: 'status', value: (i) => i.status },
            { header: 'kind', value: (i) => i.kind },
            { header: 'title', value: (i) => (i.title.length > 60 ? `${i.title.slice(0, 59)}…` : i.title) },
            {
              header: 'effort',
              value: (i) => (i.rice.effort === null ? '-' : `${i.rice.effort} pw`),
              align: 'right',
            },
            { header: 'waits for', value: (i) => [...i.blockedBy].sort(compareItemIds).join(', ') },
            { header: 'tags', value: (i) => i.tags.join(', ') },
          ])}\n`,
        );
      });
    },
  );

  withCommonOptions(
    program
      .command('move')
      .argument('<id>', 'the item')
      .argument('<status>', ITEM_STATUSES.join(', '))
      .description("change an item's status; the change is recorded with its time")
      .option(
        '--expect-version <n>',
        'refuse (exit 3) unless the item is still at this version',
        parsePositiveInt('--expect-version'),
      ),
  ).action(async (rawId: string, status: string, options: CommonOptions & { expectVersion?: number }) => {
    assertItemStatus(status);
    await withWorkspace(options, async (ws) => {
      const id = parseId(rawId);
      const before = (await getItem(ws.store, id)).item;
      const item = await moveItem(ws.store, id, status, {
        expectedVersion: options.expectVersion ?? before.version,
      });
      // Kanban: a move over a WIP limit is recorded, with a warning (cadence.ts).
      const wip = before.status === item.status ? null : await getWipWarning(ws.store, item.status);
      if (wip !== null) process.stderr.write(`tpo: warning: ${wip}\n`);
      if (options.json) return printJson(item);
      process.stdout.write(
        before.status === item.status
          ? `${id} is already ${status}\n`
          : `${id}: ${before.status} -> ${item.status}\n`,
      );
    });
  });

  withCommonOptions(
    program
      .command('block')
      .argument('<id>', 'the item that blocks')
      .argument('<other>', 'the item that waits for it')
      .description('record that <id> blocks <other> (<other> is blocked by <id>); cycles are refused')
      .option('--remove', 'remove the dependency instead'),
  ).action(async (rawBlocker: string, rawBlocked: string, options: CommonOptions & { remove?: boolean }) => {
    await withWorkspace(options, async (ws) => {
      const result = await setDependency(ws.store, parseId(rawBlocker), parseId(rawBlocked), {
        remove: options.remove === true,
      });
      if (options.json) return printJson(result);
      const { blocker } = result;
      const blocked = result.blocked.id;
      process.stdout.write(
        options.remove
          ? result.changed
            ? `${blocker} no longer blocks ${blocked}\n`
            : `${blocker} did not block ${blocked}\n`
          : result.changed
            ? `${blocker} now blocks ${blocked}\n`
            : `${blocker} already blocks ${blocked}\n`,
      );
    });
  });

  withCommonOptions(
    program
      .command('rm')
      .argument('<id>', 'the item')
      .description(
        'delete an item (items it blocked stop waiting for it); to keep its history, move it to dropped instead',
      )
      .option(
        '--expect-version <n>',
        'refuse (exit 3) unless the item is still at this version',
        parsePositiveInt('--expect-version'),
      ),
  ).action(async (rawId: string, options: CommonOptions & { expectVersion?: number }) => {
    await withWorkspace(options, async (ws) => {
      const id = parseId(rawId);
      await removeItem(
        ws.store,
        id,
        options.expectVersion !== undefined ? { expectedVersion: options.expectVersion } : {},
      );
      if (options.json) printJson({ removed: id });
      else process.stdout.write(`Removed ${id}\n`);
    });
  });

  withCommonOptions(
    program
      .command('rank')
      .description('the open backlog in the order to do it, with the reason for each position')
      .option(
        '--scheme <scheme>',
        'rice (reach x impact x confidence / effort) or wsjf (cost of delay / job size)',
        'rice',
      )
      .option('--csv', 'print CSV')
      .option('--markdown', 'print a Markdown table')
      .option('--limit <n>', 'show only the first n', parsePositiveInt('--limit')),
  ).action(
    async (
      options: CommonOptions & { scheme: string; csv?: boolean; markdown?: boolean; limit?: number },
    ) => {
      if (options.scheme !== 'rice' && options.scheme !== 'wsjf')
        throw new TpoError('Invalid', `--scheme must be rice or wsjf, got "${options.scheme}"`);
      const scheme = options.scheme;
      await withWorkspace(options, async (ws) => {
        const full = await getJudgedRanking(ws, { scheme });
        const ranked = options.limit ? { ...full, items: full.items.slice(0, options.limit) } : full;
        if (options.json) return printJson(ranked);
        if (options.csv) return void process.stdout.write(formatRanking(ranked, 'csv'));
        if (options.markdown) return void process.stdout.write(formatRanking(ranked, 'markdown'));
        if (ranked.items.length === 0)
          return void process.stdout.write('Nothing to rank: no open items. Add one with: tpo add "Title"\n');
        const label = scheme.toUpperCase();
        process.stdout.write(
          `${renderTable(ranked.items, [
            { header: '#', value: (r) => r.position, align: 'right' },
            { header: 'id', value: (r) => r.id },
            { header: 'status', value: (r) => r.status },
            { header: label, value: (r) => score(r.score), align: 'right' },
            {
              header: `tech ${label}`,
              value: (r) => (r.technical ? score(r.adjustedScore) : '-'),
              align: 'right',
            },
            { header: 'priority', value: (r) => score(r.priority), align: 'right' },
            {
              header: 'flag',
              value: (r) =>
                r.technical?.biggerThanItLooks ? `bigger x${r.technical.disguiseRatio ?? ''}` : '',
            },
            { header: 'title', value: (r) => (r.title.length > 50 ? `${r.title.slice(0, 49)}…` : r.title) },
            {
              header: 'why',
              value: (r) =>
                r.reasons
                  .filter((x) => x.kind !== 'score' || r.reasons.length === 1)
                  .map((x) => x.text)
                  .join('; ') || '-',
            },
          ])}\n` +
            `\n${label} per the definitions in src/judgment/rice-rationale.md; tech ${label} replaces stated effort and confidence with the code's (src/judgment/judge-item-rationale.md); priority flows from blocked items to their blockers (src/judgment/priority-flow-rationale.md).${full.closed > 0 ? ` ${full.closed} done or dropped items not shown.` : ''}${full.unjudged > 0 ? ` ${full.unjudged} open item${full.unjudged === 1 ? ' has' : 's have'} no technical judgment (no code area found; scan the repository, or give the item --area).` : ''}\n`,
        );
      });
    },
  );

  withCommonOptions(
    program
      .command('import')
      .argument('[file]', 'the file to import (CSV or JSON; the format is detected from its content)')
      .description(
        'import items from a file or from GitHub; re-importing updates items instead of adding them again',
      )
      .option('--format <format>', 'json (tpo), csv (generic), github (gh issue list --json …), jira, linear')
      .option(
        '--map <field=Column>',
        'CSV: read a field from this column (repeat), e.g. --map effort="Estimate (weeks)"',
        collectPairs,
      )
      .option(
        '--status-map <Name=status>',
        'read a tracker status as a tpo status (repeat), e.g. --status-map "QA=in-progress"',
        collectPairs,
      )
      .option('--tracker <name>', 'CSV: the tracker the key column belongs to (default csv)')
      .option('--base-url <url>', 'Jira/Linear: base address for links, e.g. https://acme.atlassian.net')
      .option(
        '--github <owner/name>',
        'import the issues of a GitHub repository through its REST API (token: $GITHUB_TOKEN)',
      )
      .option('--api-url <url>', 'GitHub API address (default $GITHUB_API_URL, else https://api.github.com)')
      .option('--state <state>', 'GitHub: all, open or closed issues', 'all')
      .option('--dry-run', 'check the source and report what would change; write nothing'),
  ).action(
    async (
      file: string | undefined,
      options: CommonOptions & {
        format?: string;
        map?: Record<string, string>;
        statusMap?: Record<string, string>;
        tracker?: string;
        baseUrl?: string;
        github?: string;
        apiUrl?: string;
        state: string;
        dryRun?: boolean;
      },
    ) => {
      if (options.format !== undefined) assertImportFormat(options.format);
      const common = {
        ...(options.map ? { map: options.map } : {}),
        ...(options.statusMap ? { statusMap: options.statusMap } : {}),
        ...(options.tracker ? { tracker: options.tracker } : {}),
        ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
        dryRun: options.dryRun === true,
      };
      if (options.github === undefined && file === undefined)
        throw new TpoError(
          'Invalid',
          `name a file to import, or --github owner/name (for a gh export: gh issue list --state all --json ${GH_ISSUE_FIELDS} > issues.json)`,
        );
      if (options.github !== undefined && file !== undefined)
        throw new TpoError('Invalid', 'import either a file or --github, not both');
      if (options.state !== 'all' && options.state !== 'open' && options.state !== 'closed')
        throw new TpoError('Invalid', `--state must be all, open or closed, got "${options.state}"`);
      const state = options.state;
      await withWorkspace(options, async (ws) => {
        let result: ImportResult;
        if (options.github !== undefined) {
          result = await importGithubIssues(ws.store, {
            ...common,
            repository: options.github,
            state,
            ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
            onPage: (n) => {
              if (!options.json) process.stderr.write(`tpo: read ${n} page${n === 1 ? '' : 's'} of issues\n`);
            },
          });
        } else {
          let bytes: Buffer;
          try {
            bytes = await readFile(file!);
          } catch (error) {
            throw new TpoError('NotFound', `cannot read ${file!}: ${(error as Error).message}`, { file });
          }
          result = await importBacklog(ws.store, bytes, file!, {
            ...common,
            ...(options.format ? { format: options.format as never } : {}),
          });
        }
        if (options.json) printJson(result);
        else printImport(result);
      });
    },
  );

  withCommonOptions(
    program
      .command('export')
      .description('write the whole backlog as JSON (re-importable exactly), CSV or Markdown')
      .option('--format <format>', EXPORT_FORMATS.join(', '), 'json')
      .option('--output <file>', 'write to a file instead of standard output'),
  ).action(async (options: CommonOptions & { format: string; output?: string }) => {
    if (!EXPORT_FORMATS.includes(options.format as ExportFormat))
      throw new TpoError(
        'Invalid',
        `--format must be one of ${EXPORT_FORMATS.join(', ')}, got "${options.format}"`,
      );
    await withWorkspace(options, async (ws) => {
      const text = await exportBacklog(ws.store, options.format as ExportFormat);
      if (options.output) {
        await writeFile(options.output, text);
        if (options.json)
          printJson({ file: options.output, format: options.format, bytes: Buffer.byteLength(text) });
        else process.stderr.write(`tpo: wrote ${options.output}\n`);
      } else process.stdout.write(text);
    });
  });
}

/** Collects repeatable `key=value` options into a record. */
function collectPairs(value: string, previous: Record<string, string> | undefined): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new TpoError('Invalid', `expected name=value, got "${value}"`);
  return { ...(previous ?? {}), [value.slice(0, eq).trim()]: value.slice(eq + 1).trim() };
}
