import { describe, expect, it } from 'vitest';
import { isBinary, measureText } from './measure-file.js';

describe('measureText', () => {
  it('counts lines of code without blank lines and comments', () => {
    const text = [
      '// header',
      '',
      'const a = 1;',
      '/* block',
      '   still comment */',
      'function f() {',
      '  return a;',
      '}',
      '',
    ].join('\n');
    const m = measureText(text, 'TypeScript');
    expect(m.lines).toBe(8);
    expect(m.loc).toBe(4);
  });

  it('sums logical indentation with the detected unit (2 spaces here)', () => {
    const text = ['function f() {', '  if (x) {', '    y();', '  }', '}'].join('\n');
    // indentation levels 0 + 1 + 2 + 1 + 0
    expect(measureText(text, 'JavaScript').complexity).toBe(4);
  });

  it('counts a tab as one level and uses 4-space units in Python', () => {
    const py = ['def f():', '    if x:', '        return 1', '    # comment', '    return 2'].join('\n');
    expect(measureText(py, 'Python').complexity).toBe(1 + 2 + 1);
    expect(measureText('a\n\tb\n\t\tc\n', 'Go').complexity).toBe(3);
  });

  it('finds TODO, FIXME and HACK markers with their line and text', () => {
    const text = [
      'const a = 1; // TODO: remove after launch',
      '# not a comment in TS',
      '/* FIXME broken on Safari */',
      'x(); // HACK(ann) workaround',
    ].join('\n');
    expect(measureText(text, 'TypeScript').markers).toEqual([
      { line: 1, kind: 'TODO', text: 'remove after launch' },
      { line: 3, kind: 'FIXME', text: 'broken on Safari' },
      { line: 4, kind: 'HACK', text: 'ann) workaround' },
    ]);
  });

  it('ignores marker words outside comments', () => {
    expect(measureText('const TODO = 1;\n', 'TypeScript').markers).toEqual([]);
  });
});

describe('isBinary', () => {
  it('says binary when a NUL byte is in the first 8000 bytes', () => {
    expect(isBinary(Buffer.from('abc\0def'))).toBe(true);
    expect(isBinary(Buffer.from('plain text'))).toBe(false);
  });
});
