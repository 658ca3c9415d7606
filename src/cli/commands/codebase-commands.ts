/**
 * Commands over the code model: scan, summary, hotspots, coupling, deps, owners.
 */
import type { Command } from 'commander';
import { runScanCommand } from './scan-run.js';
import { formatDate, formatNumber, formatPercent, printJson, renderTable } from '../render.js';
import { parsePositiveInt, withCommonOptions, withWorkspace, type CommonOptions } from '../options.js';

interface ScanCliOptions extends CommonOptions {
  readonly until?: string;
  readonly window?: number;
  readonly progress?: boolean;
}

export function registerCodebaseCommands(program: Command): void {
  withCommonOptions(
    program
      .command('scan')
      .argument('[repo]', 'the git repository to scan (default: the current directory)')
      .description('read the repository (history, file metrics, import graph) into the store, incrementally')
      .option('--until <rev>', 'scan up to this revision instead of HEAD')
      .option(
        '--window <days>',
        'days of history that count for revisions and churn',
        parsePositiveInt('--window'),
      )
      .option('--no-progress', 'do not report progress on stderr'),
  ).action(async (repoArg: string | undefined, options: ScanCliOptions) => {
    // Straight to the use case: a first scan starts git before the store's code loads (app/scan-workspace.ts). A
    // plain command line does not come here: bin/tpo.js runs it from the scan bundle (src/cli/quick-scan.ts).
    const { scanWorkspace } = await import('../../app/scan-workspace.js');
    await runScanCommand(scanWorkspace, { ...options, ...(repoArg ? { repo: repoArg } : {}) });
  });

  withCommonOptions(
    program
      .command('summary')
      .description('a one-screen picture of the scanned codebase: size, languages, hotspots, knowledge')
      .option('--until <rev>', 'describe the repository at this revision (scans it first if needed)')
      .option('--top <n>', 'rows in each list', parsePositiveInt('--top'), 10),
  ).action(async (options: CommonOptions & { until?: string; top: number }) => {
    await withWorkspace(options, async (ws) => {
      const { ensureScanned, getCodebaseSummary } = await import('../../app/index.js');
      await ensureScanned(ws.repo, ws.store, options.until);
      const s = await getCodebaseSummary(ws.repo, ws.store, { top: options.top });
      if (options.json) return printJson(s);
      const out = [
        `${s.repo} at ${s.headCommit.slice(0, 12)}`,
        `  ${formatNumber(s.commits)} commits in ${formatNumber(s.changeSets)} change sets by ${formatNumber(s.authors)} authors (${formatNumber(s.activeAuthors)} active in the last 6 months)`,
        `  ${formatNumber(s.files)} files (${formatNumber(s.excludedFiles)} excluded), ${formatNumber(s.loc)} lines of code in ${formatNumber(s.modules)} modules`,
        `  ${s.languages
          .slice(0, 6)
          .map((l) => `${l.language} ${formatNumber(l.loc)}`)
          .join(', ')}`,
        `  import graph: ${formatNumber(s.imports)} edges, ${formatNumber(s.unresolvedImports)} unresolved, ${formatNumber(s.importCycles)} cycles; ${formatNumber(s.couplings)} coupled file pairs`,
        '',
        'Hotspots (revisions in the last 12 months x indentation complexity)',
        renderTable(s.hotspots, [
          { header: '#', value: (h) => h.rank, align: 'right' },
          { header: 'file', value: (h) => h.path },
          { header: 'revisions', value: (h) => h.revisions, align: 'right' },
          { header: 'complexity', value: (h) => h.complexity, align: 'right' },
          { header: 'loc', value: (h) => h.loc, align: 'right' },
          { header: 'score', value: (h) => h.score.toFixed(2), align: 'right' },
        ]),
        '',
        'Knowledge by module (truck factor: fewest people who wrote most of at least half the code)',
        renderTable(s.knowledge, [
          { header: 'module', value: (k) => k.module },
          { header: 'files', value: (k) => k.files, align: 'right' },
          { header: 'loc', value: (k) => k.loc, align: 'right' },
          { header: 'truck factor', value: (k) => k.truckFactor, align: 'right' },
          { header: 'main authors', value: (k) => k.truckAuthors.join(', ') },
          { header: 'inactive owners', value: (k) => formatPercent(k.orphanedShare), align: 'right' },
        ]),
      ];
      for (const n of s.notices) out.push(`notice: ${n}`);
      process.stdout.write(`${out.join('\n')}\n`);
    });
  });

  withCommonOptions(
    program
      .command('hotspots')
      .description('files ranked by change frequency x complexity (where the bodies are buried)')
      .option('--until <rev>', 'at this revision (scans it first if needed)')
      .option('--limit <n>', 'how many', parsePositiveInt('--limit'), 20),
  ).action(async (options: CommonOptions & { until?: string; limit: number }) => {
    await withWorkspace(options, async (ws) => {
      const { ensureScanned, getHotspots } = await import('../../app/index.js');
      await ensureScanned(ws.repo, ws.store, options.until);
      const hotspots = await getHotspots(ws.repo, ws.store, { limit: options.limit });
      if (options.json) return printJson({ hotspots });
      if (hotspots.length === 0)
        return void process.stdout.write('No hotspots: no measured file changed in the window.\n');
      process.stdout.write(
        `${renderTable(hotspots, [
          { header: '#', value: (h) => h.rank, align: 'right' },
          { header: 'file', value: (h) => h.path },
          { header: 'revisions', value: (h) => h.revisions, align: 'right' },
          { header: 'complexity', value: (h) => h.complexity, align: 'right' },
          { header: 'loc', value: (h) => h.loc, align: 'right' },
          { header: 'score', value: (h) => h.score.toFixed(2), align: 'right' },
        ])}\n`,
      );
    });
  });

  withCommonOptions(
    program
      .command('coupling')
      .argument('[file]', 'a file: list the files that usually change with it')
      .description(
        'change coupling: pairs of files that change in the same change sets or, for one file, the files predicted to change with it',
      )
      .option('--until <rev>', 'use only history up to this revision (scans it first if needed)')
      .option(
        '--limit <n>',
        'how many (default 20 pairs, 10 files for one file)',
        parsePositiveInt('--limit'),
      ),
  ).action(async (file: string | undefined, options: CommonOptions & { until?: string; limit?: number }) => {
    await withWorkspace(options, async (ws) => {
      const { ensureScanned, getCoChangePrediction, getCoupling } = await import('../../app/index.js');
      if (file !== undefined) {
        const answer = await getCoChangePrediction(ws, file, {
          limit: options.limit ?? 10,
          ...(options.until !== undefined ? { until: options.until } : {}),
        });
        if (options.json) return printJson(answer);
        if (answer.results.length === 0)
          return void process.stdout.write(`${file} has not changed together with any other file.\n`);
        return void process.stdout.write(
          `${renderTable(answer.results, [
            { header: 'file', value: (c) => c.path },
            { header: 'confidence', value: (c) => formatPercent(c.score), align: 'right' },
            { header: 'evidence', value: (c) => c.evidence },
          ])}\n`,
        );
      }
      await ensureScanned(ws.repo, ws.store, options.until);
      const result = await getCoupling(ws.repo, ws.store, { limit: options.limit ?? 20 });
      if (options.json) return printJson(result);
      if ('pairs' in result) {
        if (result.pairs.length === 0) {
          return void process.stdout.write(
            'No coupled pairs pass the thresholds (each file in >= 5 change sets, >= 5 shared, degree >= 30 %, change sets of <= 30 files).\n' +
              'Name a file ("tpo coupling <file>") to see every file that changed with it.\n',
          );
        }
        process.stdout.write(
          `${renderTable(result.pairs, [
            { header: 'file', value: (c) => c.a },
            { header: 'coupled with', value: (c) => c.b },
            { header: 'degree', value: (c) => formatPercent(c.degree), align: 'right' },
            { header: 'shared', value: (c) => c.shared, align: 'right' },
            { header: 'revs a/b', value: (c) => `${c.revisionsA}/${c.revisionsB}`, align: 'right' },
          ])}\n`,
        );
        return;
      }
      if (result.results.length === 0)
        return void process.stdout.write(`${result.file} has not changed together with any other file.\n`);
      process.stdout.write(
        `${renderTable(result.results, [
          { header: 'file', value: (c) => c.path },
          { header: 'confidence', value: (c) => formatPercent(c.score), align: 'right' },
          { header: 'evidence', value: (c) => c.evidence },
        ])}\n`,
      );
    });
  });

  withCommonOptions(
    program
      .command('deps')
      .argument('<file>', 'a file relative to the repository root')
      .description('what a file imports and what imports it')
      .option('--dependents', 'list every file that reaches it through imports, with the depth')
      .option('--until <rev>', 'at this revision (scans it first if needed)'),
  ).action(async (file: string, options: CommonOptions & { dependents?: boolean; until?: string }) => {
    await withWorkspace(options, async (ws) => {
      const { ensureScanned, getDependencies } = await import('../../app/index.js');
      await ensureScanned(ws.repo, ws.store, options.until);
      const report = await getDependencies(ws.repo, ws.store, file, {
        dependents: options.dependents === true,
      });
      if (options.json) return printJson(report);
      const out = [`${report.file}: imported by ${report.fanIn} files, imports ${report.fanOut}`];
      if (report.imports.length > 0)
        out.push('', 'imports:', ...report.imports.map((e) => `  ${e.to}  (${e.specifier})`));
      if (report.importedBy.length > 0)
        out.push('', 'imported by:', ...report.importedBy.map((e) => `  ${e.from}`));
      if (report.dependents) {
        out.push(
          '',
          `dependents (${report.dependents.length}, transitive):`,
          ...report.dependents.map((d) => `  ${'  '.repeat(d.depth - 1)}${d.path}  (depth ${d.depth})`),
        );
      }
      if (report.unresolved.length > 0)
        out.push('', 'unresolved:', ...report.unresolved.map((u) => `  ${u.specifier}: ${u.reason}`));
      process.stdout.write(`${out.join('\n')}\n`);
    });
  });

  withCommonOptions(
    program
      .command('owners')
      .argument('[path]', 'a file or folder (default: the whole repository)')
      .description('who knows this code: main authors by lines owned, truck factor, inactive owners')
      .option('--until <rev>', 'at this revision (scans it first if needed)'),
  ).action(async (target: string | undefined, options: CommonOptions & { until?: string }) => {
    await withWorkspace(options, async (ws) => {
      const { ensureScanned, getOwners } = await import('../../app/index.js');
      await ensureScanned(ws.repo, ws.store, options.until);
      const report = await getOwners(ws.repo, ws.store, target ?? '');
      if (options.json) return printJson(report);
      process.stdout.write(
        `${report.path}: ${formatNumber(report.files)} files, ${formatNumber(report.loc)} lines of code, truck factor ${report.truckFactor}, ${formatPercent(report.orphanedShare)} owned by inactive authors\n\n` +
          `${renderTable(report.authors, [
            { header: 'author', value: (a) => a.name },
            { header: 'loc owned', value: (a) => a.loc, align: 'right' },
            { header: 'share', value: (a) => formatPercent(a.share), align: 'right' },
            { header: 'files', value: (a) => a.files, align: 'right' },
            { header: 'last commit', value: (a) => formatDate(a.lastCommit) },
            { header: 'status', value: (a) => (a.inactive ? 'inactive' : 'active') },
          ])}\n`,
      );
    });
  });
}
