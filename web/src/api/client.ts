/**
 * Talks to the tpo API: bearer token when the server needs one, ETag revalidation (a 304 reuses the copy read
 * before), and problem+json errors turned into ApiError with the server's message.
 */
import type { Problem } from './types';

const TOKEN_KEY = 'tpo.token';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function getToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token === null) sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
}

/** Copies read before, by URL, with their ETag. */
const copies = new Map<string, { etag: string; body: unknown }>();

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const token = getToken();
  return { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...extra };
}

async function toError(response: Response): Promise<ApiError> {
  try {
    const problem = (await response.json()) as Partial<Problem>;
    return new ApiError(response.status, problem.code ?? 'Error', problem.detail ?? response.statusText);
  } catch {
    return new ApiError(
      response.status,
      'Error',
      `the server answered ${response.status} ${response.statusText}`,
    );
  }
}

/** GET a resource; revalidates the copy read before with If-None-Match. */
export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const copy = copies.get(url);
  const response = await fetch(url, {
    headers: headers(copy ? { 'If-None-Match': copy.etag } : {}),
    ...(signal ? { signal } : {}),
  });
  if (response.status === 304 && copy) return copy.body as T;
  if (!response.ok) throw await toError(response);
  const body = (await response.json()) as T;
  const etag = response.headers.get('ETag');
  if (etag) copies.set(url, { etag, body });
  return body;
}

/** POST a JSON body; `ifMatch` sends the ETag of the version the change was made from. */
export async function postJson<T>(
  url: string,
  body: unknown,
  options: { ifMatch?: string } = {},
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: headers({
      'Content-Type': 'application/json',
      ...(options.ifMatch ? { 'If-Match': options.ifMatch } : {}),
    }),
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await toError(response);
  return (await response.json()) as T;
}

/**
 * Sends a write (POST, PATCH, PUT, DELETE) with a JSON body; `ifMatch` sends the ETag of the version the change was
 * made from. Returns the body (null for 204) and the new ETag.
 */
export async function sendJson<T>(
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  body: unknown,
  options: { ifMatch?: string } = {},
): Promise<{ body: T | null; etag: string | null }> {
  const response = await fetch(url, {
    method,
    headers: headers({
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(options.ifMatch ? { 'If-Match': options.ifMatch } : {}),
    }),
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw await toError(response);
  return {
    body: response.status === 204 ? null : ((await response.json()) as T),
    etag: response.headers.get('ETag'),
  };
}

/** Adds `?repo=<id>` (and other query values) to an API path. */
export function withQuery(
  path: string,
  query: Record<string, string | number | boolean | readonly string[] | undefined | null>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    // A list repeats its key (?status=idea&status=ready), as the API reads it.
    if (Array.isArray(value)) for (const v of value as readonly string[]) params.append(key, v);
    else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * Follows server-sent events with fetch (so the bearer token goes along), reconnecting after a drop.
 * Returns the function that stops it.
 */
export function followEvents(url: string, onEvent: (event: string, data: unknown) => void): () => void {
  const controller = new AbortController();
  let stopped = false;
  const run = async (): Promise<void> => {
    while (!stopped) {
      try {
        const response = await fetch(url, {
          headers: headers({ Accept: 'text/event-stream' }),
          signal: controller.signal,
        });
        if (!response.ok || !response.body) throw await toError(response);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end = buffer.indexOf('\n\n');
          while (end !== -1) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let event = 'message';
            const data: string[] = [];
            for (const line of block.split('\n')) {
              if (line.startsWith('event:')) event = line.slice(6).trim();
              else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
            }
            if (data.length > 0) onEvent(event, JSON.parse(data.join('\n')));
            end = buffer.indexOf('\n\n');
          }
        }
      } catch {
        if (stopped) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  };
  void run();
  return () => {
    stopped = true;
    controller.abort();
  };
}
