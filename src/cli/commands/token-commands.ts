/**
 * `tpo token create|list|revoke`: API tokens for a server that listens beyond loopback.
 */
import type { Command } from 'commander';
import { createApiToken, listApiTokens, revokeApiToken, TOKEN_ROLES } from '../../app/index.js';
import { parsePositiveInt, withCommonOptions, withWorkspace, type CommonOptions } from '../options.js';
import { formatDate, printJson, renderTable } from '../render.js';

export function registerTokenCommands(program: Command): void {
  const token = program
    .command('token')
    .description('API tokens: needed by every request when "tpo serve" listens beyond 127.0.0.1');

  withCommonOptions(
    token
      .command('create')
      .description('create a token and print it once (only its hash is kept)')
      .requiredOption('--role <role>', `what the token may do: ${TOKEN_ROLES.join(', ')}`)
      .option('--name <name>', 'a label to recognise it by (default: the role)'),
  ).action(async (options: CommonOptions & { role: string; name?: string }) => {
    await withWorkspace(options, async (ws) => {
      const created = await createApiToken(ws.store, {
        role: options.role,
        ...(options.name !== undefined ? { name: options.name } : {}),
      });
      if (options.json) return printJson(created);
      process.stdout.write(`${created.token}\n`);
      process.stderr.write(
        `tpo: token ${created.record.id} (${created.record.role}, "${created.record.name}") created. Copy it now: it is not shown again.\n` +
          'tpo: send it as "Authorization: Bearer <token>", or paste it in the dashboard when it asks.\n',
      );
    });
  });

  withCommonOptions(token.command('list').description('list tokens (never the tokens themselves)')).action(
    async (options: CommonOptions) => {
      await withWorkspace(options, async (ws) => {
        const tokens = await listApiTokens(ws.store);
        if (options.json) return printJson({ tokens });
        if (tokens.length === 0)
          return void process.stdout.write('No tokens. Create one with "tpo token create --role viewer".\n');
        process.stdout.write(
          `${renderTable(tokens, [
            { header: 'id', value: (t) => t.id, align: 'right' },
            { header: 'name', value: (t) => t.name },
            { header: 'role', value: (t) => t.role },
            { header: 'token', value: (t) => `${t.prefix}…` },
            { header: 'created', value: (t) => formatDate(t.createdAt) },
            { header: 'last used', value: (t) => formatDate(t.lastUsedAt) },
            {
              header: 'status',
              value: (t) => (t.revokedAt === null ? 'active' : `revoked ${formatDate(t.revokedAt)}`),
            },
          ])}\n`,
        );
      });
    },
  );

  withCommonOptions(
    token
      .command('revoke')
      .argument('<id>', 'the token id ("tpo token list")', parsePositiveInt('<id>'))
      .description('revoke a token at once'),
  ).action(async (id: number, options: CommonOptions) => {
    await withWorkspace(options, async (ws) => {
      await revokeApiToken(ws.store, id);
      if (options.json) return printJson({ revoked: id });
      process.stdout.write(`Token ${id} revoked.\n`);
    });
  });
}
