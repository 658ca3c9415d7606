import { describe, expect, it } from 'vitest';
import { createGlobMatcher } from './create-glob-matcher.js';

describe('createGlobMatcher', () => {
  it('lets ** cross folders and * stay within one', () => {
    const match = createGlobMatcher(['src/app/**', 'lib/*.ts']);
    expect(match('src/app/a.ts')).toBe(true);
    expect(match('src/app/a/b/c.ts')).toBe(true);
    expect(match('src/application/a.ts')).toBe(false);
    expect(match('lib/x.ts')).toBe(true);
    expect(match('lib/x/y.ts')).toBe(false);
  });

  it('matches zero or more folders with **/ and alternatives with braces', () => {
    const match = createGlobMatcher(['**/*.test.ts', 'packages/*/src/{api,web}/**']);
    expect(match('a.test.ts')).toBe(true);
    expect(match('src/deep/a.test.ts')).toBe(true);
    expect(match('packages/core/src/api/x.ts')).toBe(true);
    expect(match('packages/core/src/web/x/y.ts')).toBe(true);
    expect(match('packages/core/src/db/x.ts')).toBe(false);
    expect(match('packages/a/b/src/api/x.ts')).toBe(false);
  });

  it('treats a plain folder as the folder and everything below it', () => {
    const match = createGlobMatcher(['./src/domain/']);
    expect(match('src/domain')).toBe(true);
    expect(match('src/domain/item.ts')).toBe(true);
    expect(match('src/domains/item.ts')).toBe(false);
  });

  it('escapes regular-expression characters in names', () => {
    const match = createGlobMatcher(['src/(group)/a+b.ts']);
    expect(match('src/(group)/a+b.ts')).toBe(true);
    expect(match('src/group/aab.ts')).toBe(false);
  });

  it('matches nothing without globs', () => {
    expect(createGlobMatcher([])('a.ts')).toBe(false);
  });
});
