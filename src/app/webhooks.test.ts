import { describe, expect, it } from 'vitest';
import {
  findWebhookRepos,
  getWebhookSignature,
  isValidWebhookSignature,
  normalizeRepoUrl,
} from './webhooks.js';
import type { WorkspaceRepo } from './workspace-repos.js';

function repo(id: number, name: string, kind: 'path' | 'url', source: string): WorkspaceRepo {
  return { id, name, kind, source, repoId: null, headCommit: null, lastScanAt: null, createdAt: 0 };
}

describe('webhook signatures', () => {
  const body = Buffer.from('{"ref":"refs/heads/main"}');

  it("accepts GitHub's X-Hub-Signature-256 of the exact body under the secret", () => {
    // HMAC-SHA256 worked out with: printf '%s' '{"ref":"refs/heads/main"}' | openssl dgst -sha256 -hmac s3cret
    const signature = getWebhookSignature('s3cret', body);
    expect(signature).toBe('sha256=232a5e067b6a5aa567ed5a1d21a0dffaf6ef0eeecb6bd9bcf43b3d5ef3fc4f43');
    expect(isValidWebhookSignature('s3cret', body, signature)).toBe(true);
  });

  it('refuses another secret, another body, a missing header and a header without its sha256= prefix', () => {
    const signature = getWebhookSignature('s3cret', body);
    expect(isValidWebhookSignature('other', body, signature)).toBe(false);
    expect(isValidWebhookSignature('s3cret', Buffer.from(`${body.toString()} `), signature)).toBe(false);
    expect(isValidWebhookSignature('s3cret', body, undefined)).toBe(false);
    expect(isValidWebhookSignature('s3cret', body, signature.slice('sha256='.length))).toBe(false);
    expect(isValidWebhookSignature('s3cret', body, 'sha256=zz')).toBe(false);
  });
});

describe('webhook repositories', () => {
  const repos = [
    repo(1, 'api', 'url', 'https://github.com/Acme/API.git'),
    repo(2, 'web', 'url', 'git@github.com:acme/web.git'),
    repo(3, 'tools', 'path', '/srv/tools'),
  ];

  it('reads clone URLs in their https, ssh and scp forms as the same repository', () => {
    expect(normalizeRepoUrl('https://token@github.com/acme/api.git/')).toBe('github.com/acme/api');
    expect(normalizeRepoUrl('ssh://git@github.com:22/acme/api.git')).toBe('github.com/acme/api');
    expect(normalizeRepoUrl('git@github.com:acme/api.git')).toBe('github.com/acme/api');
  });

  it('finds a GitHub push by its clone or ssh URL and a GitLab push by its project', () => {
    expect(findWebhookRepos(repos, { repository: { clone_url: 'https://github.com/acme/api.git' } })).toEqual(
      [repos[0]],
    );
    expect(findWebhookRepos(repos, { repository: { ssh_url: 'git@github.com:acme/web.git' } })).toEqual([
      repos[1],
    ]);
    expect(findWebhookRepos(repos, { project: { git_http_url: 'https://github.com/acme/web.git' } })).toEqual(
      [repos[1]],
    );
  });

  it('falls back to the name for a local repository, and finds nothing for an unknown one', () => {
    expect(findWebhookRepos(repos, { repository: { name: 'tools', clone_url: 'https://x/y.git' } })).toEqual([
      repos[2],
    ]);
    expect(
      findWebhookRepos(repos, { repository: { clone_url: 'https://github.com/acme/other.git' } }),
    ).toEqual([]);
    expect(findWebhookRepos(repos, 'not an object')).toEqual([]);
  });
});
