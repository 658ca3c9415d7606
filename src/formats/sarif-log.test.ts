import { describe, expect, it } from 'vitest';
import { getSarifErrors } from '../../test/helpers/sarif-schema.js';
import { createTpoSarifLog } from './sarif-log.js';
import { toSarifUri } from './sarif.js';

describe('createSarifLog', () => {
  const log = createTpoSarifLog({
    version: '0.1.0',
    rules: [{ id: 'tpo/x', name: 'X', short: 's', full: 'f', help: 'h', level: 'warning' }],
    findings: [
      { ruleId: 'tpo/x', level: 'warning', message: 'm', path: 'src/a b.ts', line: 3, fingerprint: 'x:1' },
      { ruleId: 'tpo/x', level: 'note', message: 'n', path: 'ünï/c.ts', fingerprint: 'x:2' },
    ],
  });

  it('writes a log that the SARIF 2.1.0 schema accepts', () => {
    expect(getSarifErrors(log)).toEqual([]);
  });

  it('locates results relative to the repository root, line 1 when no line is known', () => {
    const results = log.runs[0]!.results!;
    expect(results[0]!.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'src/a%20b.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3 },
    });
    expect(results[1]!.locations![0]!.physicalLocation!.region).toEqual({ startLine: 1 });
    expect(results[1]!.ruleIndex).toBe(0);
  });

  it('rejects what the schema forbids (the validator is not a rubber stamp)', () => {
    expect(getSarifErrors({ ...log, version: '2.0.0' })).not.toEqual([]);
  });

  it('percent-encodes each path segment', () => {
    expect(toSarifUri('a b/c#d.ts')).toBe('a%20b/c%23d.ts');
  });
});
