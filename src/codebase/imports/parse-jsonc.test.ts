import { describe, expect, it } from 'vitest';
import { parseJsonc } from './parse-jsonc.js';

describe('parseJsonc', () => {
  it('reads comments and trailing commas as tsconfig.json allows', () => {
    const text = `{
      // line comment
      "compilerOptions": {
        /* block
           comment */
        "paths": { "@/*": ["./src/*",], }, // after
        "url": "http://example.com/*not a comment*/",
      },
    }`;
    expect(parseJsonc(text)).toEqual({
      compilerOptions: { paths: { '@/*': ['./src/*'] }, url: 'http://example.com/*not a comment*/' },
    });
  });

  it('reads a trailing comma hidden behind a comment, and strings with escaped quotes', () => {
    expect(parseJsonc('{ "a": "say \\"hi\\" // not a comment", // c\n }')).toEqual({
      a: 'say "hi" // not a comment',
    });
    expect(parseJsonc('[1, 2, /* c */ ]')).toEqual([1, 2]);
  });

  it('gives undefined for text that is not JSON even so', () => {
    expect(parseJsonc('{ "a": ')).toBeUndefined();
  });
});
