import { describe, expect, it } from 'vitest';
import { parseArchitectureConfig } from './parse-architecture-config.js';

const YAML = `# the team's architecture
architecture:
  modules:
    - name: ui
      paths: [src/ui/**]
    - name: domain
      paths:
        - src/domain/**
  rules:
    - from: domain
      may import: []
      reason: the domain depends on nothing
    - name: ui-no-domain
      from: [ui]
      mustNotImport: domain
      reason: example
      severity: warn
  ignore: "**/*.test.ts"
  cycles: error
`;

describe('parseArchitectureConfig', () => {
  it('reads modules, rules with their reasons, ignore globs and the cycle setting', () => {
    expect(parseArchitectureConfig('tpo.config.yaml', YAML, true)).toEqual({
      modules: [
        { name: 'ui', paths: ['src/ui/**'] },
        { name: 'domain', paths: ['src/domain/**'] },
      ],
      rules: [
        {
          name: 'domain-may-only-import-nothing',
          from: ['domain'],
          kind: 'may-import',
          on: 'modules',
          targets: [],
          reason: 'the domain depends on nothing',
          severity: 'error',
        },
        {
          name: 'ui-no-domain',
          from: ['ui'],
          kind: 'must-not-import',
          on: 'modules',
          targets: ['domain'],
          reason: 'example',
          severity: 'warn',
        },
      ],
      ignore: ['**/*.test.ts'],
      cycles: 'error',
    });
  });

  it('reads JSON through the same parser', () => {
    const json = JSON.stringify({
      architecture: {
        layers: [{ name: 'a', paths: 'a/**' }],
        rules: [{ from: '*', mustNotImport: ['a'], reason: 'r' }],
      },
    });
    expect(parseArchitectureConfig('tpo.config.json', json, true)?.rules[0]).toMatchObject({
      from: ['*'],
      kind: 'must-not-import',
    });
  });

  it('reads rules on third-party packages', () => {
    const text =
      'modules:\n  - name: ui\n    paths: ui/**\nrules:\n  - from: ui\n    mustNotImportPackages: ["@aws-sdk/*"]\n    reason: r\n';
    expect(parseArchitectureConfig('.tpo/architecture.yaml', text, false)?.rules).toEqual([
      {
        name: 'ui-must-not-import-packages-@aws-sdk/*',
        from: ['ui'],
        kind: 'must-not-import',
        on: 'packages',
        targets: ['@aws-sdk/*'],
        reason: 'r',
        severity: 'error',
      },
    ]);
  });

  it('returns null for a tpo.config without an architecture key, but not for .tpo/architecture.yaml', () => {
    expect(parseArchitectureConfig('tpo.config.yaml', 'backlog:\n  x: 1\n', true)).toBeNull();
    expect(parseArchitectureConfig('.tpo/architecture.yaml', 'modules: []\n', false)).toEqual({
      modules: [],
      rules: [],
      ignore: [],
      cycles: 'off',
    });
  });

  it('names the file, line and column and says what was expected', () => {
    const bad = YAML.replace('mustNotImport: domain', 'mustNotImport: domian');
    expect(() => parseArchitectureConfig('tpo.config.yaml', bad, true)).toThrow(
      /^tpo\.config\.yaml:15:22: rules\[1\]\.mustNotImport names "domian", which is not a declared module; expected one of ui, domain, or \*/,
    );
    const noReason = YAML.replace('      reason: example\n', '');
    expect(() => parseArchitectureConfig('tpo.config.yaml', noReason, true)).toThrow(
      /^tpo\.config\.yaml:13:7: rules\[1\] has no reason; expected reason:/,
    );
    expect(() => parseArchitectureConfig('tpo.config.yaml', 'architecture:\n  modules: [\n', true)).toThrow(
      /^tpo\.config\.yaml:3:1: /,
    );
    expect(() => parseArchitectureConfig('x.yaml', 'architecture:\n  rules:\n    - from: a\n', true)).toThrow(
      /^x\.yaml:3:5: rules are given but no modules are declared/,
    );
  });
});
