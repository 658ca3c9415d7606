/**
 * `tpo repo add|list|rm|scan`: the repositories of the workspace (local paths or clone URLs).
 */
import type { Command } from 'commander';
import {
  addWorkspaceRepo,
  getWorkspaceRepo,
  listWorkspaceRepos,
  openStoreOnly,
  removeWorkspaceRepo,
  scanWorkspaceRepo,
  type WorkspaceRepo,
} from '../../app/index.js';
import type { Store } from '../../app/index.js';
import { withCommonOptions, type CommonOptions } from '../options.js';
import { requestExitStatus } from '../exit-status.js';
import { createProgressReporter } from '../progress.js';
import { formatDate, formatDuration, formatNumber, printJson, renderTable } from '../render.js';

async function withStore<T>(options: CommonOptions, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStoreOnly({
    ...(options.repo ? { repo: options.repo } : {}),
    ...(options.db ? { db: options.db } : {}),
  });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function describe(repo: WorkspaceRepo): string {
  return `${repo.id} (${repo.name}, ${repo.kind === 'url' ? 'cloned from' : 'at'} ${repo.source})`;
}

export function registerRepoCommands(program: Command): void {
  const repo = program
    .command('repo')
    .description(
      "the workspace's repositories: one backlog over several repositories (local paths or clone URLs)",
    );

  withCommonOptions(
    repo
      .command('add')
      .argument('<path|url>', 'a git repository folder, or a clone URL that workers clone into their cache')
      .option('--name <name>', 'the name item areas use as a prefix ("api:src/**"); default: its folder name')
      .description('add a repository to the workspace'),
  ).action(async (source: string, options: CommonOptions & { name?: string }) => {
    await withStore(options, async (store) => {
      const added = await addWorkspaceRepo(store, {
        source,
        ...(options.name !== undefined ? { name: options.name } : {}),
      });
      if (options.json) return printJson(added);
      process.stdout.write(
        `Added repository ${describe(added)}.${added.repoId === null ? ' Scan it with "tpo repo scan ' + added.name + '" or from the server.' : ' Its earlier scan is kept.'}\n`,
      );
    });
  });

  withCommonOptions(repo.command('list').description("list the workspace's repositories")).action(
    async (options: CommonOptions) => {
      await withStore(options, async (store) => {
        const repos = await listWorkspaceRepos(store);
        if (options.json) return printJson({ repos });
        if (repos.length === 0)
          return void process.stdout.write(
            'The workspace has no repositories yet. Add one with "tpo repo add <path|url>".\n',
          );
        process.stdout.write(
          `${renderTable(repos, [
            { header: 'id', value: (r) => r.id, align: 'right' },
            { header: 'name', value: (r) => r.name },
            { header: 'kind', value: (r) => r.kind },
            { header: 'source', value: (r) => r.source },
            { header: 'scanned at', value: (r) => (r.headCommit ? r.headCommit.slice(0, 12) : 'never') },
            { header: 'last scan', value: (r) => formatDate(r.lastScanAt) },
          ])}\n`,
        );
      });
    },
  );

  withCommonOptions(
    repo
      .command('rm')
      .argument('<id|name>', 'the repository ("tpo repo list")')
      .description('remove a repository from the workspace (its scanned code model stays in the store)'),
  ).action(async (idOrName: string, options: CommonOptions) => {
    await withStore(options, async (store) => {
      const removed = await removeWorkspaceRepo(store, idOrName);
      if (options.json) return printJson({ removed });
      process.stdout.write(`Removed repository ${describe(removed)} from the workspace.\n`);
    });
  });

  withCommonOptions(
    repo
      .command('scan')
      .argument('[id|name...]', 'repositories to scan (default: all of them)')
      .option(
        '--cache-dir <dir>',
        'where clones of URL repositories live (default: $TPO_CACHE_DIR, else ~/.cache/tpo/repos)',
      )
      .description(
        'scan workspace repositories here, one after the other (a team server spreads them over "tpo worker"s instead)',
      ),
  ).action(async (names: string[], options: CommonOptions & { cacheDir?: string }) => {
    await withStore(options, async (store) => {
      const targets =
        names.length === 0
          ? await listWorkspaceRepos(store)
          : await Promise.all(names.map((n) => getWorkspaceRepo(store, n)));
      const results: {
        repo: string;
        status: 'done' | 'failed';
        error?: string;
        commits?: number;
        files?: number;
      }[] = [];
      for (const target of targets) {
        const progress = createProgressReporter(!options.json);
        try {
          const s = await scanWorkspaceRepo(store, target.id, {
            onProgress: (p) => progress.update(p),
            ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
          });
          progress.stop();
          results.push({ repo: target.name, status: 'done', commits: s.commits, files: s.files });
          if (!options.json)
            process.stderr.write(
              `tpo: scanned ${target.name}: ${s.kind}, ${formatNumber(s.commits)} commits, ${formatNumber(s.files)} files (${formatDuration(s.durationMs)})\n`,
            );
        } catch (error) {
          progress.stop();
          // One repository failing stops nothing: the others are scanned, and the exit status says so.
          const message = error instanceof Error ? error.message : String(error);
          results.push({ repo: target.name, status: 'failed', error: message });
          if (!options.json) process.stderr.write(`tpo: ${target.name} failed: ${message}\n`);
        }
      }
      if (options.json) printJson({ results });
      if (results.some((r) => r.status === 'failed')) requestExitStatus(1);
    });
  });
}
