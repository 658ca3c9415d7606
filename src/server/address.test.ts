import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from './address.js';

describe('isLoopbackHost', () => {
  it('accepts addresses only this machine can reach', () => {
    for (const host of [
      '127.0.0.1',
      '127.1.2.3',
      'localhost',
      'app.localhost',
      '::1',
      '[::1]',
      '::ffff:127.0.0.1',
    ])
      expect(isLoopbackHost(host), host).toBe(true);
  });

  it('refuses every address another machine can reach', () => {
    for (const host of [
      '0.0.0.0',
      '::',
      '192.168.1.10',
      '10.0.0.1',
      'example.com',
      'localhost.example.com',
      '',
    ])
      expect(isLoopbackHost(host), host).toBe(false);
  });
});
