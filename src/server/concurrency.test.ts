import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TpoError } from '../domain/index.js';
import { createTestServer, type TestServer } from '../../test/helpers/server.js';
import {
  assertIfMatch,
  formatEtag,
  getExpectedVersion,
  isNotModified,
  parseEtagList,
} from './concurrency.js';
import type { RouteModule } from './server-context.js';

/**
 * A versioned resource that exists only in this test, written the way item routes use the helpers: the app
 * refuses a stale version with Conflict, the route reads the expected version from If-Match.
 */
function createNoteRoutes(): RouteModule {
  let note = { text: 'first', version: 1 };
  return {
    feature: 'test-notes',
    register(app) {
      app.get('/api/v1/test-note', {}, (request, reply) => {
        if (isNotModified(request, reply, formatEtag(note.version))) return reply.code(304).send();
        return note;
      });
      app.put(
        '/api/v1/test-note',
        { schema: { body: Type.Object({ text: Type.String() }) } },
        (request, reply) => {
          const expected = getExpectedVersion(request);
          if (expected !== note.version)
            throw new TpoError('Conflict', `the note is at version ${note.version}, you had ${expected}`);
          note = { text: request.body.text, version: note.version + 1 };
          return reply.header('ETag', formatEtag(note.version)).send(note);
        },
      );
      app.delete('/api/v1/test-note', {}, (request, reply) => {
        assertIfMatch(request, formatEtag(note.version));
        return reply.code(204).send();
      });
    },
  };
}

describe('optimistic concurrency over HTTP (ETag, If-Match)', () => {
  let server: TestServer;
  let app: FastifyInstance;
  beforeAll(async () => {
    server = await createTestServer('sqlite', { scan: false, routes: [createNoteRoutes()] });
    app = server.app;
  });
  afterAll(async () => {
    await server.close();
  });

  it('formats and parses entity tags', () => {
    expect(formatEtag(3)).toBe('"3"');
    expect(formatEtag('1:abc')).toMatch(/^"[\w-]{22}"$/);
    expect(formatEtag('1:abc')).toBe(formatEtag('1:abc'));
    expect(parseEtagList(undefined)).toBeNull();
    expect(parseEtagList(' * ')).toBe('*');
    expect(parseEtagList('W/"1", "2"')).toEqual(['"1"', '"2"']);
  });

  it('tags reads with the version and answers 304 to a current copy', async () => {
    const read = await app.inject({ url: '/api/v1/test-note' });
    expect(read.headers.etag).toBe('"1"');
    expect(
      (await app.inject({ url: '/api/v1/test-note', headers: { 'if-none-match': '"1"' } })).statusCode,
    ).toBe(304);
    expect(
      (await app.inject({ url: '/api/v1/test-note', headers: { 'if-none-match': '"0"' } })).statusCode,
    ).toBe(200);
  });

  it('refuses a write without If-Match with 428, and explains what to send', async () => {
    const response = await app.inject({ method: 'PUT', url: '/api/v1/test-note', payload: { text: 'x' } });
    expect(response.statusCode).toBe(428);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      code: 'PreconditionRequired',
      detail: expect.stringMatching(/If-Match/),
    });
  });

  it('accepts a write from the current version and moves the ETag on', async () => {
    const response = await app.inject({
      method: 'PUT',
      url: '/api/v1/test-note',
      payload: { text: 'second' },
      headers: { 'if-match': '"1"' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"2"');
  });

  it('refuses a write from a stale version with 409, and nothing changes', async () => {
    const response = await app.inject({
      method: 'PUT',
      url: '/api/v1/test-note',
      payload: { text: 'lost update' },
      headers: { 'if-match': '"1"' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'Conflict', status: 409 });
    expect((await app.inject({ url: '/api/v1/test-note' })).json()).toEqual({ text: 'second', version: 2 });
  });

  it('refuses an If-Match that is not one version with 400', async () => {
    for (const value of ['"1", "2"', '*', 'abc']) {
      const response = await app.inject({
        method: 'PUT',
        url: '/api/v1/test-note',
        payload: { text: 'x' },
        headers: { 'if-match': value },
      });
      expect(response.statusCode, value).toBe(400);
    }
  });

  it('checks If-Match against a current ETag for resources the app does not version', async () => {
    expect((await app.inject({ method: 'DELETE', url: '/api/v1/test-note' })).statusCode).toBe(428);
    expect(
      (await app.inject({ method: 'DELETE', url: '/api/v1/test-note', headers: { 'if-match': '"1"' } }))
        .statusCode,
    ).toBe(409);
    expect(
      (await app.inject({ method: 'DELETE', url: '/api/v1/test-note', headers: { 'if-match': 'W/"2"' } }))
        .statusCode,
    ).toBe(204);
    expect(
      (await app.inject({ method: 'DELETE', url: '/api/v1/test-note', headers: { 'if-match': '*' } }))
        .statusCode,
    ).toBe(204);
  });

  it('lists a route module added by a feature in the meta document', async () => {
    expect((await app.inject({ url: '/api/v1/meta' })).json()).toMatchObject({
      features: expect.arrayContaining(['test-notes']),
    });
  });
});
