/**
 * Webhooks from a git host (GitHub, or any host that signs the body like it in X-Hub-Signature-256): check the
 * signature, then find which workspace repositories a push is about, so the server queues their scans.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { TpoError } from '../domain/index.js';
import type { EnqueueResult, ScanQueue } from './scan-queue.js';
import type { Store } from './open-workspace.js';
import { listWorkspaceRepos, type WorkspaceRepo } from './workspace-repos.js';

/**
 * True when `header` is GitHub's `X-Hub-Signature-256`: "sha256=" and the hex HMAC-SHA256 of the exact request
 * body under the shared secret. Compared in constant time.
 * @example
 * isValidWebhookSignature(process.env.TPO_WEBHOOK_SECRET!, rawBody, req.headers['x-hub-signature-256']);
 */
export function isValidWebhookSignature(secret: string, body: Buffer, header: string | undefined): boolean {
  if (header === undefined || !header.startsWith('sha256=')) return false;
  const given = Buffer.from(header.slice('sha256='.length).trim(), 'hex');
  const expected = createHmac('sha256', secret).update(body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The signature a sender puts in X-Hub-Signature-256 for `body` (tests, scripts). */
export function getWebhookSignature(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** host/path of a clone URL or web address, lower-cased, without credentials, `.git` or a trailing slash. */
export function normalizeRepoUrl(url: string): string {
  let s = url.trim();
  const scp = /^[\w.-]+@([\w.-]+):(.*)$/.exec(s);
  if (scp) s = `${scp[1]}/${scp[2]}`;
  else s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^[^@/]*@/, '');
  s = s.replace(/:\d+\//, '/');
  return s
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .toLowerCase();
}

function collectStrings(value: unknown, keys: readonly string[]): string[] {
  if (!value || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  return keys.map((k) => record[k]).filter((v): v is string => typeof v === 'string' && v !== '');
}

/**
 * The workspace repositories a push payload names: by clone or web URL (GitHub and Gitea `repository`, GitLab
 * `project`), else by the repository's name when exactly one workspace repository has it.
 */
export function findWebhookRepos(repos: readonly WorkspaceRepo[], payload: unknown): WorkspaceRepo[] {
  const root = payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
  const urlKeys = [
    'clone_url',
    'ssh_url',
    'git_url',
    'html_url',
    'url',
    'git_http_url',
    'git_ssh_url',
    'web_url',
  ];
  const urls = new Set(
    [...collectStrings(root.repository, urlKeys), ...collectStrings(root.project, urlKeys)].map(
      normalizeRepoUrl,
    ),
  );
  const byUrl = repos.filter((r) => r.kind === 'url' && urls.has(normalizeRepoUrl(r.source)));
  if (byUrl.length > 0) return byUrl;
  const names = new Set([
    ...collectStrings(root.repository, ['name']),
    ...collectStrings(root.project, ['name', 'path']),
  ]);
  const byName = repos.filter((r) => names.has(r.name));
  return byName.length === 1 ? byName : [];
}

export interface WebhookCall {
  /** The shared secret the git host signs with (`TPO_WEBHOOK_SECRET`); null when webhooks are off. */
  readonly secret: string | null;
  /** The exact request body. */
  readonly body: Buffer;
  /** The `X-Hub-Signature-256` header. */
  readonly signature: string | undefined;
  /** `?repo=<name>`: the workspace repository the webhook is for, instead of reading it from the payload. */
  readonly repoName?: string;
}

/**
 * A git host's push: checks its signature, finds the workspace repositories it is about, and queues their scans.
 * @throws TpoError `NotFound` (webhooks off, or no repository matches), `Unauthorized` (bad signature), `Invalid`
 * (not JSON).
 * @example
 * await queueWebhookScans(store, () => queue, { secret, body, signature: req.headers['x-hub-signature-256'] });
 */
export async function queueWebhookScans(
  store: Store,
  /** The queue, asked for once the call is known to be genuine (it throws when the server has none). */
  getQueue: () => ScanQueue,
  call: WebhookCall,
): Promise<EnqueueResult[]> {
  if (call.secret === null)
    throw new TpoError(
      'NotFound',
      'webhooks are off on this server: set TPO_WEBHOOK_SECRET (the secret the git host signs with) and restart it.',
    );
  if (!isValidWebhookSignature(call.secret, call.body, call.signature))
    throw new TpoError(
      'Unauthorized',
      'the webhook signature (X-Hub-Signature-256) does not match the body under the shared secret; check the secret set on the git host.',
    );
  const queue = getQueue();
  let payload: unknown;
  try {
    payload = JSON.parse(call.body.toString('utf8'));
  } catch {
    throw new TpoError('Invalid', 'the webhook body is not JSON.');
  }
  const repos = await listWorkspaceRepos(store);
  const named = call.repoName;
  const targets = named ? repos.filter((r) => r.name === named) : findWebhookRepos(repos, payload);
  if (targets.length === 0)
    throw new TpoError(
      'NotFound',
      `no workspace repository matches this webhook${named ? ` (?repo=${named})` : ''}; add it with "tpo repo add <clone url>", or name it with ?repo=<name> in the webhook's address.`,
    );
  const results: EnqueueResult[] = [];
  for (const target of targets) results.push(await queue.enqueue(store, target.id, 'webhook'));
  return results;
}
