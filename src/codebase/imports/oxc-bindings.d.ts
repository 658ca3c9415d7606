/**
 * Types for the native binding of oxc-parser, exported by the package as `oxc-parser/src-js/bindings` but shipped
 * without declarations. Its `parseSync` returns the AST as the JSON text that the public `parseSync` would
 * `JSON.parse`; see extract-script-imports.ts for why tpo reads that text directly.
 */
declare module 'oxc-parser/src-js/bindings' {
  import type { Comment, EcmaScriptModule, OxcError, ParserOptions } from 'oxc-parser';

  export interface RawParseResult {
    /** `{"node": <ESTree Program>, "fixes": [...]}` as JSON text. Each getter moves its value out of native memory. */
    readonly program: string;
    readonly module: EcmaScriptModule;
    readonly comments: Comment[];
    readonly errors: OxcError[];
  }

  export function parseSync(
    filename: string,
    sourceText: string,
    options?: ParserOptions | null,
  ): RawParseResult;
}
