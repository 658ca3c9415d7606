/**
 * Who may call the API. On loopback without tokens the caller is the person at the machine (admin), and the
 * server only guards against other web pages: requests must name a loopback Host (no DNS rebinding) and writes
 * from another Origin are refused. Beyond loopback every API request needs `Authorization: Bearer <token>`
 * (created with `tpo token create`), and each route's role is enforced: viewer reads, editor writes, admin
 * manages tokens.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasRole, verifyApiToken, type Store, type TokenRole } from '../app/index.js';
import { TpoError } from '../domain/index.js';
import { isLoopbackHost } from './address.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least role that may call the route (default: viewer for reads, editor for writes). */
    role?: TokenRole;
    /** True for routes anyone may call (health, the API description). */
    public?: boolean;
  }
  interface FastifyRequest {
    /** The caller's role once authenticated (admin on loopback without tokens). */
    tpoRole: TokenRole | null;
  }
}

/** The host name of a Host header or an Origin URL, without the port. */
function hostName(value: string): string | null {
  try {
    return new URL(value.includes('://') ? value : `http://${value}`).hostname;
  } catch {
    return null;
  }
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function requiredRole(request: FastifyRequest): TokenRole {
  return request.routeOptions.config.role ?? (READ_METHODS.has(request.method) ? 'viewer' : 'editor');
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : '';
}

export interface AuthOptions {
  /** True when the server listens beyond loopback: every API request then needs a token. */
  readonly required: boolean;
  readonly store: Store;
}

/** Installs the authentication and authorisation hook on every `/api/` route. */
export function registerAuth(app: FastifyInstance, options: AuthOptions): void {
  app.decorateRequest('tpoRole', null);
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const config = request.routeOptions.config;
    if (!READ_METHODS.has(request.method)) {
      const origin = request.headers.origin;
      if (origin !== undefined && hostName(origin) !== hostName(request.headers.host ?? '')) {
        throw new TpoError(
          'Forbidden',
          'changes from another web site are refused; use the dashboard or the API directly.',
        );
      }
    }
    if (!options.required) {
      if (!isLoopbackHost(hostName(request.headers.host ?? '') ?? '')) {
        throw new TpoError(
          'Forbidden',
          'this server answers only to a loopback host name (127.0.0.1, localhost); use http://127.0.0.1 in the address.',
        );
      }
      request.tpoRole = 'admin';
      return;
    }
    // Health and the API's description (its JSON and the docs page's own files) are the same for everyone.
    if (config.public === true || request.url === '/api/docs' || request.url.startsWith('/api/docs/')) return;
    const token = bearerToken(request);
    if (token === null || token === '') {
      void reply.header('WWW-Authenticate', 'Bearer realm="tpo"');
      throw new TpoError(
        'Unauthorized',
        'this server needs an API token: send "Authorization: Bearer <token>" (create one with "tpo token create --role viewer").',
      );
    }
    const found = await verifyApiToken(options.store, token);
    if (!found) {
      void reply.header('WWW-Authenticate', 'Bearer realm="tpo", error="invalid_token"');
      throw new TpoError('Unauthorized', 'the API token is unknown or revoked; ask an admin for a new one.');
    }
    const required = requiredRole(request);
    if (!hasRole(found.role, required)) {
      throw new TpoError(
        'Forbidden',
        `this needs the ${required} role; the token "${found.name}" is a ${found.role}.`,
        {
          required,
          role: found.role,
        },
      );
    }
    request.tpoRole = found.role;
  });
}
