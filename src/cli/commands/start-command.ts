/**
 * `tpo start` (what `npm start` runs): scan the repository it is started in, then serve the dashboard on
 * http://127.0.0.1:4317 and print the address. The same as `tpo serve` with its defaults.
 */
import type { Command } from 'commander';
import { runServe, withServeOptions, type ServeCliOptions } from './serve-command.js';

export function registerStartCommand(program: Command): void {
  withServeOptions(
    program
      .command('start')
      .description(
        'what "npm start" runs: scan the repository (incrementally), then serve the dashboard on http://127.0.0.1:4317',
      ),
  ).action(async (options: ServeCliOptions) => {
    await runServe(options);
  });
}
