/**
 * A local HTTP server on 127.0.0.1 that speaks enough of GitHub's REST protocol for the issues import:
 * GET /repos/{owner}/{repo}/issues with page/per_page, Link headers, rate-limit headers, 401 and 404.
 * Nothing in the tests leaves the machine.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GithubServerOptions {
  /** `owner/name` the server knows; any other answers 404. */
  readonly repository: string;
  /** Issues (and pull requests) in REST shape, newest first as GitHub lists them. */
  readonly issues: readonly object[];
  /** The token it accepts; requests without it (or with another) get 401. */
  readonly token?: string;
  /** Requests left in the rate limit before the first request; at 0 every request gets 403. */
  readonly rateLimitRemaining?: number;
}

export interface GithubServer {
  readonly url: string;
  /** Path and query of every request, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

const RESET = 1_900_000_000;

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export async function startGithubServer(options: GithubServerOptions): Promise<GithubServer> {
  const requests: string[] = [];
  let remaining = options.rateLimitRemaining ?? 5000;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${url.pathname}${url.search}`);
    const rate = (): Record<string, string> => ({
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(Math.max(0, remaining)),
      'x-ratelimit-reset': String(RESET),
      'x-ratelimit-resource': 'core',
    });
    if (options.token !== undefined) {
      const auth = req.headers.authorization ?? '';
      if (
        auth !== `token ${options.token}` &&
        auth !== `bearer ${options.token}` &&
        auth !== `Bearer ${options.token}`
      )
        return send(res, 401, {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
          status: '401',
        });
    }
    if (remaining <= 0)
      return send(
        res,
        403,
        {
          message: 'API rate limit exceeded for user ID 1.',
          documentation_url: 'https://docs.github.com/rest',
        },
        rate(),
      );
    remaining -= 1;
    const m = /^\/repos\/([^/]+)\/([^/]+)\/issues$/.exec(url.pathname);
    if (req.method !== 'GET' || !m || `${m[1]}/${m[2]}` !== options.repository)
      return send(
        res,
        404,
        { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' },
        rate(),
      );
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
    const page = Number(url.searchParams.get('page') ?? 1);
    const last = Math.max(1, Math.ceil(options.issues.length / perPage));
    const link = (p: number, rel: string): string => {
      const u = new URL(url.toString());
      u.host = req.headers.host ?? u.host;
      u.searchParams.set('page', String(p));
      return `<${u.toString()}>; rel="${rel}"`;
    };
    const links = [
      ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
      ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : []),
    ];
    send(res, 200, options.issues.slice((page - 1) * perPage, page * perPage), {
      ...rate(),
      ...(links.length > 0 ? { link: links.join(', ') } : {}),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** An issue as the REST API returns it. */
export function restIssue(
  n: number,
  spec: {
    title?: string;
    state?: 'open' | 'closed';
    labels?: string[];
    body?: string;
    pr?: boolean;
    reason?: string;
  } = {},
): object {
  return {
    id: 1000 + n,
    number: n,
    title: spec.title ?? `Issue ${n}`,
    body: spec.body ?? null,
    state: spec.state ?? 'open',
    state_reason: spec.state === 'closed' ? (spec.reason ?? 'completed') : null,
    labels: (spec.labels ?? []).map((name, i) => ({ id: i, name, color: 'ededed' })),
    user: { login: 'dana', id: 1 },
    html_url: `https://github.com/acme/shop/${spec.pr ? 'pull' : 'issues'}/${n}`,
    repository_url: 'https://api.github.com/repos/acme/shop',
    created_at: new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().replace('.000Z', 'Z'),
    updated_at: new Date(Date.UTC(2024, 0, 2) + n * 86_400_000).toISOString().replace('.000Z', 'Z'),
    closed_at:
      spec.state === 'closed'
        ? new Date(Date.UTC(2024, 0, 3) + n * 86_400_000).toISOString().replace('.000Z', 'Z')
        : null,
    milestone: null,
    ...(spec.pr ? { pull_request: { url: `https://api.github.com/repos/acme/shop/pulls/${n}` } } : {}),
  };
}
