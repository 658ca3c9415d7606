/**
 * `tpo start` (what `npm start` runs): scan the repository it is started in and show the summary.
 */
import type { Command } from 'commander';
import { getCodebaseSummary, scanRepository } from '../../app/index.js';
import { createProgressReporter } from '../progress.js';
import { printJson } from '../render.js';
import { withCommonOptions, withWorkspace, type CommonOptions } from '../options.js';
import { printScanSummary } from './codebase-commands.js';

export function registerStartCommand(program: Command): void {
  withCommonOptions(
    program
      .command('start')
      .description('scan the repository (incrementally) and show what tpo sees: the main job of "npm start"'),
  ).action(async (options: CommonOptions) => {
    await withWorkspace(options, async (ws) => {
      const progress = createProgressReporter(!options.json);
      const summary = await scanRepository(ws.repo, ws.store, { onProgress: (p) => progress.update(p) });
      progress.stop();
      if (options.json)
        return printJson({
          scan: summary,
          summary: summary.headCommit ? await getCodebaseSummary(ws.repo, ws.store) : null,
        });
      printScanSummary(summary);
      process.stdout.write(
        '\nNext: "npx tpo summary" for hotspots and knowledge, "npx tpo --help" for every command.\n',
      );
    });
  });
}
