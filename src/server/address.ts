/**
 * Where the server listens by default, and which addresses count as this machine only. Kept apart from
 * `create-server.ts` so the CLI can read them without loading Fastify (every command's start-up time).
 */
import { isIP } from 'node:net';

export const DEFAULT_PORT = 4317;
export const DEFAULT_HOST = '127.0.0.1';

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || h.startsWith('::ffff:127.');
  return false;
}
