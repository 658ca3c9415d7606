/**
 * Commands for the architecture and vendor conversations: `tpo arch` (declared rules, module cycles, coupling,
 * instability, diagram; SARIF and an exit status for CI) and `tpo deps-review` (third-party packages and the
 * blast radius of replacing each).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  ensureScanned,
  getArchitectureReview,
  getDependencyReview,
  renderArchitectureReport,
  renderDependencyReview,
  saveArchitectureBaseline,
} from '../../app/index.js';
import { TpoError, type ArchitectureReport, type DependencyReview } from '../../domain/index.js';
import { formatPercent, printJson, renderTable } from '../render.js';
import { parsePositiveInt, withCommonOptions, withWorkspace, type CommonOptions } from '../options.js';

interface ArchCliOptions extends CommonOptions {
  readonly format?: string;
  readonly failOn?: string;
  readonly baseline?: boolean;
  readonly config?: string;
  readonly until?: string;
  readonly limit: number;
}

const FORMATS = ['text', 'markdown', 'json', 'sarif'] as const;
type ArchFormat = (typeof FORMATS)[number];

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function renderArchitectureText(r: ArchitectureReport, limit: number): string {
  const out: string[] = [];
  out.push(
    `${r.repo} at ${r.commit.slice(0, 12)}: ${r.modules.length} modules ${r.modulesFrom === 'declared' ? `declared in ${r.source!.file} (${r.source!.from === 'commit' ? 'scanned commit' : r.source!.from === 'worktree' ? 'working tree' : '--config'})` : 'detected from package manifests and folders (no architecture configuration found)'}, ${r.rules.length} rules`,
  );
  const fresh = r.violations.filter((v) => !v.baselined);
  const hidden = r.couplings.filter((c) => c.hidden);
  out.push(
    `  ${fresh.length} new violations (${fresh.filter((v) => v.severity === 'error').length} errors)${r.baseline ? `, ${r.violations.length - fresh.length} known in ${r.baseline.file}${r.baseline.fixed > 0 ? ` (${r.baseline.fixed} baseline entries fixed since)` : ''}` : ''}; ${r.cycles.length} module cycles; ${hidden.length} hidden dependencies`,
  );
  if (r.unassignedFiles > 0 || r.ignoredFiles > 0)
    out.push(`  ${r.unassignedFiles} files in no declared module, ${r.ignoredFiles} ignored`);
  if (r.violations.length > 0) {
    out.push('', 'Rule violations (the import that breaks each)');
    out.push(
      renderTable(r.violations.slice(0, limit), [
        { header: 'severity', value: (v) => (v.baselined ? 'known' : v.severity) },
        { header: 'rule', value: (v) => v.rule },
        { header: 'import', value: (v) => `${v.from}${v.line ? `:${v.line}` : ''} -> ${v.specifier}` },
        {
          header: 'modules',
          value: (v) => `${v.fromModule} -> ${v.external ? `package ${v.toModule}` : v.toModule}`,
        },
      ]),
    );
    if (r.violations.length > limit)
      out.push(`  ... ${r.violations.length - limit} more (--limit, or --format json)`);
    const reasons = new Map(r.violations.map((v) => [v.rule, v.reason]));
    out.push('', 'Why the rules exist');
    for (const [rule, reason] of reasons) out.push(`  ${rule}: ${reason}`);
  }
  if (r.cycles.length > 0) {
    out.push('', 'Import cycles between modules');
    for (const c of r.cycles.slice(0, limit)) {
      out.push(`  ${c.modules.join(' <-> ')}`);
      for (const e of c.edges.slice(0, 4))
        out.push(
          `    ${e.from} -> ${e.to}: ${e.imports} imports, e.g. ${e.example.from}${e.example.line ? `:${e.example.line}` : ''} imports ${e.example.specifier}`,
        );
    }
  }
  if (hidden.length > 0) {
    out.push('', 'Hidden dependencies (change together, never import each other)');
    out.push(
      renderTable(hidden.slice(0, limit), [
        { header: 'modules', value: (c) => `${c.a} <-> ${c.b}` },
        {
          header: 'changed together',
          value: (c) => `${c.shared} of ${c.changeSetsA}/${c.changeSetsB}`,
          align: 'right',
        },
        { header: 'degree', value: (c) => formatPercent(c.degree), align: 'right' },
      ]),
    );
  }
  const coupled = r.couplings.filter((c) => !c.hidden);
  if (coupled.length > 0) {
    out.push('', 'Coupling between modules (imports each way, change sets shared)');
    out.push(
      renderTable(coupled.slice(0, limit), [
        { header: 'modules', value: (c) => `${c.a} <-> ${c.b}` },
        { header: 'a->b', value: (c) => c.importsAB, align: 'right' },
        { header: 'b->a', value: (c) => c.importsBA, align: 'right' },
        { header: 'co-changes', value: (c) => c.shared, align: 'right' },
        { header: 'degree', value: (c) => formatPercent(c.degree), align: 'right' },
      ]),
    );
  }
  out.push(
    '',
    'Instability per module (I = Ce / (Ca + Ce): 0 stable, depended upon; 1 unstable, depends on others)',
  );
  out.push(
    renderTable(r.modules.slice(0, limit), [
      { header: 'module', value: (m) => m.module },
      { header: 'files', value: (m) => m.files, align: 'right' },
      { header: 'Ca', value: (m) => m.afferent, align: 'right' },
      { header: 'Ce', value: (m) => m.efferent, align: 'right' },
      {
        header: 'I',
        value: (m) => (m.instability === null ? '-' : m.instability.toFixed(2)),
        align: 'right',
      },
    ]),
  );
  if (r.modules.length > limit) out.push(`  ... ${r.modules.length - limit} more modules`);
  out.push('', 'The module diagram (Mermaid) is in --format markdown and json.');
  for (const n of r.notices) out.push(`notice: ${n}`);
  return `${out.join('\n')}\n`;
}

export function registerArchCommands(program: Command): void {
  withCommonOptions(
    program
      .command('arch')
      .description(
        'architecture review: declared rule violations, module cycles, coupling by imports and co-change, instability, a module diagram',
      )
      .option('--format <format>', `output: ${FORMATS.join(', ')}`, 'text')
      .option(
        '--fail-on <severity>',
        'exit 1 when violations of this severity or worse are not in the baseline: error or warn',
      )
      .option(
        '--baseline',
        "record today's violations in tpo.arch-baseline.json (commit it) so CI fails only on new ones",
      )
      .option(
        '--config <file>',
        'an architecture file to use instead of tpo.config.* / .tpo/architecture.yaml',
      )
      .option('--until <rev>', 'review the repository at this revision (scans it first if needed)')
      .option('--limit <n>', 'rows in each text list', parsePositiveInt('--limit'), 30),
  ).action(async (options: ArchCliOptions) => {
    const format = (options.json ? 'json' : (options.format ?? 'text')) as ArchFormat;
    if (!FORMATS.includes(format))
      throw new TpoError(
        'Invalid',
        `--format must be one of ${FORMATS.join(', ')}, got "${options.format}".`,
      );
    if (options.failOn !== undefined && options.failOn !== 'error' && options.failOn !== 'warn')
      throw new TpoError('Invalid', `--fail-on must be error or warn, got "${options.failOn}".`);
    await withWorkspace(options, async (ws) => {
      await ensureScanned(ws.repo, ws.store, options.until);
      const reviewOptions = options.config ? { configFile: options.config } : {};
      if (options.baseline) {
        const saved = await saveArchitectureBaseline(ws.repo, ws.store, reviewOptions);
        if (format === 'json') return printJson({ baseline: saved.file, entries: saved.entries });
        process.stdout.write(
          `Recorded ${saved.entries} known violations in ${saved.file}.\nCommit it: "tpo arch --fail-on error" then fails only on violations that are not in it.\n`,
        );
        return;
      }
      const report = await getArchitectureReview(ws.repo, ws.store, reviewOptions);
      if (format === 'json') printJson(report);
      else if (format === 'sarif' || format === 'markdown')
        process.stdout.write(
          renderArchitectureReport(report, format, { toolVersion: readVersion(), root: ws.repo.root }),
        );
      else process.stdout.write(renderArchitectureText(report, options.limit));
      if (options.failOn !== undefined) {
        const failing = report.violations.filter(
          (v) => !v.baselined && (options.failOn === 'warn' || v.severity === 'error'),
        );
        if (failing.length > 0)
          throw new TpoError(
            'GateFailed',
            `${failing.length} architecture violation${failing.length === 1 ? '' : 's'} of severity ${options.failOn}${options.failOn === 'warn' ? ' or error' : ''} not in the baseline (first: ${failing[0]!.from} imports ${failing[0]!.specifier}, rule ${failing[0]!.rule}).`,
            { violations: failing.length },
          );
      }
    });
  });
}

function renderDependencyText(r: DependencyReview, limit: number): string {
  const t = r.totals;
  const out = [
    `${r.repo} at ${r.commit.slice(0, 12)}: ${t.packages} third-party packages (${t.direct} direct, ${t.transitive} transitive) from ${r.sources.length} lockfiles and manifests`,
    `  ${t.duplicates} at more than one version, ${t.withLicense} with a known licence, ${r.undeclared.length} imported but not declared`,
    '',
    'Sources',
    renderTable(r.sources.slice(0, limit), [
      { header: 'file', value: (s) => s.file },
      { header: 'ecosystem', value: (s) => s.ecosystem },
      { header: 'kind', value: (s) => s.kind },
      { header: 'packages', value: (s) => s.packages, align: 'right' },
    ]),
  ];
  if (r.sources.length > limit) out.push(`  ... ${r.sources.length - limit} more`);
  const direct = r.packages.filter((p) => p.direct);
  out.push(
    '',
    'Direct dependencies, by how much of our code imports them (the blast radius of replacing each)',
  );
  out.push(
    renderTable(direct.slice(0, limit), [
      { header: 'package', value: (p) => `${p.name}${p.dev ? ' (dev)' : ''}` },
      { header: 'ecosystem', value: (p) => p.ecosystem },
      { header: 'version', value: (p) => p.versions.join(', ').slice(0, 40) || '-' },
      { header: 'licence', value: (p) => p.licenses.join(', ') || '?' },
      { header: 'files', value: (p) => p.usage.files, align: 'right' },
      { header: 'code', value: (p) => formatPercent(p.usage.shareOfCode), align: 'right' },
      {
        header: 'modules',
        value: (p) =>
          p.usage.modules
            .slice(0, 3)
            .map((m) => `${m.module} (${m.files})`)
            .join(', '),
      },
    ]),
  );
  if (direct.length > limit) out.push(`  ... ${direct.length - limit} more (--limit, or --json)`);
  if (r.duplicates.length > 0) {
    out.push('', 'At several versions');
    out.push(
      renderTable(r.duplicates.slice(0, limit), [
        { header: 'package', value: (d) => d.name },
        { header: 'ecosystem', value: (d) => d.ecosystem },
        { header: 'versions', value: (d) => d.versions.join(', ') },
      ]),
    );
    if (r.duplicates.length > limit) out.push(`  ... ${r.duplicates.length - limit} more`);
  }
  if (r.undeclared.length > 0) {
    out.push('', 'Imported by our code but declared by no manifest');
    out.push(
      renderTable(r.undeclared.slice(0, limit), [
        { header: 'package', value: (u) => u.name },
        { header: 'ecosystem', value: (u) => u.ecosystem },
        { header: 'files', value: (u) => u.files, align: 'right' },
      ]),
    );
  }
  out.push('', 'What tpo could not know offline');
  for (const u of r.unknowns) out.push(`  - ${u}`);
  if (r.problems.length > 0) {
    out.push('', 'Files that could not be read');
    for (const p of r.problems) out.push(`  - ${p.message}`);
  }
  return `${out.join('\n')}\n`;
}

export function registerDepsReviewCommand(program: Command): void {
  withCommonOptions(
    program
      .command('deps-review')
      .description(
        'third-party packages from lockfiles and manifests: direct and transitive, versions, duplicates, licences, and how much of the code imports each',
      )
      .option('--markdown', 'print Markdown (for notes or a pull-request comment)')
      .option('--until <rev>', 'review the repository at this revision (scans it first if needed)')
      .option('--limit <n>', 'rows in each list', parsePositiveInt('--limit'), 30),
  ).action(async (options: CommonOptions & { markdown?: boolean; until?: string; limit: number }) => {
    await withWorkspace(options, async (ws) => {
      await ensureScanned(ws.repo, ws.store, options.until);
      const review = await getDependencyReview(ws.repo, ws.store);
      if (options.json) return printJson(review);
      process.stdout.write(
        options.markdown
          ? renderDependencyReview(review, { limit: options.limit })
          : renderDependencyText(review, options.limit),
      );
    });
  });
}
