import { describe, expect, it } from 'vitest';
import { detectModules } from './detect-modules.js';

describe('detectModules', () => {
  it('uses package roots, else the top folder, else two levels under a container folder', () => {
    const m = detectModules([
      'package.json',
      'packages/vite/package.json',
      'packages/vite/src/node/build.ts',
      'docs/guide.md',
      'src/billing/invoice.ts',
      'README.md',
    ]);
    expect(m.moduleOf('packages/vite/src/node/build.ts')).toBe('packages/vite');
    expect(m.moduleOf('docs/guide.md')).toBe('docs');
    expect(m.moduleOf('src/billing/invoice.ts')).toBe('src/billing');
    expect(m.moduleOf('README.md')).toBe('.');
  });
});
