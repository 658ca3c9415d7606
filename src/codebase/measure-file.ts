/**
 * Language-neutral measures of one file's text: lines of code, indentation complexity and debt markers.
 * See complexity-rationale.md for the definitions and their sources.
 */

export interface DebtMarker {
  /** 1-based line number. */
  readonly line: number;
  readonly kind: 'TODO' | 'FIXME' | 'HACK' | 'XXX';
  readonly text: string;
}

export interface TextMeasures {
  /** All lines, blank ones included. */
  readonly lines: number;
  /** Non-blank lines that are not only a comment. */
  readonly loc: number;
  /** Sum over lines of code of their logical indentation level. */
  readonly complexity: number;
  readonly markers: readonly DebtMarker[];
}

interface CommentSyntax {
  readonly line: readonly string[];
  readonly block: readonly (readonly [string, string])[];
}

const C_LIKE: CommentSyntax = { line: ['//'], block: [['/*', '*/']] };
const HASH: CommentSyntax = { line: ['#'], block: [] };
const SYNTAX: Readonly<Record<string, CommentSyntax>> = {
  Python: { line: ['#'], block: [['"""', '"""']] },
  Ruby: { line: ['#'], block: [['=begin', '=end']] },
  Shell: HASH,
  Perl: HASH,
  R: HASH,
  YAML: HASH,
  TOML: HASH,
  Makefile: HASH,
  Dockerfile: HASH,
  Elixir: HASH,
  HCL: { line: ['#', '//'], block: [['/*', '*/']] },
  SQL: { line: ['--'], block: [['/*', '*/']] },
  Lua: { line: ['--'], block: [['--[[', ']]']] },
  Haskell: { line: ['--'], block: [['{-', '-}']] },
  Elm: { line: ['--'], block: [['{-', '-}']] },
  Erlang: { line: ['%'], block: [] },
  HTML: { line: [], block: [['<!--', '-->']] },
  XML: { line: [], block: [['<!--', '-->']] },
  Markdown: { line: [], block: [['<!--', '-->']] },
  Vue: {
    line: ['//'],
    block: [
      ['/*', '*/'],
      ['<!--', '-->'],
    ],
  },
  Svelte: {
    line: ['//'],
    block: [
      ['/*', '*/'],
      ['<!--', '-->'],
    ],
  },
  CSS: { line: [], block: [['/*', '*/']] },
  OCaml: { line: [], block: [['(*', '*)']] },
  Clojure: { line: [';'], block: [] },
  INI: { line: [';', '#'], block: [] },
  JSON: { line: [], block: [] },
  Text: { line: [], block: [] },
};

const MARKER = /\b(TODO|FIXME|HACK|XXX)\b[\s:(-]*(.*)$/;

function syntaxFor(language: string | null): CommentSyntax {
  return (language !== null ? SYNTAX[language] : undefined) ?? C_LIKE;
}

/** The indentation unit in spaces: the most common positive step between consecutive indented lines (2, 3, 4 or 8). */
function detectIndentUnit(indents: readonly number[]): number {
  const votes = new Map<number, number>();
  for (let i = 1; i < indents.length; i += 1) {
    const step = indents[i]! - indents[i - 1]!;
    if (step === 2 || step === 3 || step === 4 || step === 8) votes.set(step, (votes.get(step) ?? 0) + 1);
  }
  let best = 4;
  let bestVotes = 0;
  for (const [step, count] of votes) {
    if (count > bestVotes || (count === bestVotes && step < best)) {
      best = step;
      bestVotes = count;
    }
  }
  return best;
}

/** Measures a file's text. `language` picks the comment syntax (C-like when unknown). */
export function measureText(text: string, language: string | null): TextMeasures {
  const syntax = syntaxFor(language);
  const rawLines = text.split('\n');
  if (rawLines.length > 0 && rawLines[rawLines.length - 1] === '') rawLines.pop();
  const spaceIndents: number[] = [];
  const tabIndents: number[] = [];
  const markers: DebtMarker[] = [];
  let inBlock: string | null = null;
  let loc = 0;
  for (let n = 0; n < rawLines.length; n += 1) {
    const line = rawLines[n]!;
    const trimmed = line.trim();
    if (trimmed === '') continue;
    let isComment = false;
    let commentText = '';
    if (inBlock !== null) {
      isComment = true;
      commentText = trimmed;
      const end = trimmed.indexOf(inBlock);
      if (end !== -1) {
        const rest = trimmed.slice(end + inBlock.length).trim();
        inBlock = null;
        if (rest !== '') isComment = false;
      }
    } else {
      const lineComment = syntax.line.find((token) => trimmed.startsWith(token));
      if (lineComment !== undefined) {
        isComment = true;
        commentText = trimmed;
      } else {
        for (const [open, close] of syntax.block) {
          if (trimmed.startsWith(open)) {
            isComment = true;
            commentText = trimmed;
            const after = trimmed.indexOf(close, open.length);
            if (after === -1) inBlock = close;
            else if (trimmed.slice(after + close.length).trim() !== '') isComment = false;
            break;
          }
        }
      }
      if (!isComment) {
        // A trailing comment on a line of code can still carry a marker.
        for (const token of syntax.line) {
          const at = trimmed.indexOf(token);
          if (at > 0) commentText = trimmed.slice(at);
        }
        for (const [open] of syntax.block) {
          const at = trimmed.indexOf(open);
          if (at > 0 && commentText === '') commentText = trimmed.slice(at);
        }
      }
    }
    if (commentText !== '') {
      const match = MARKER.exec(commentText);
      if (match) {
        markers.push({
          line: n + 1,
          kind: match[1] as DebtMarker['kind'],
          text: (match[2] ?? '')
            .replace(/\*\/\s*$|-->\s*$/, '')
            .trim()
            .slice(0, 200),
        });
      }
    }
    if (isComment) continue;
    loc += 1;
    let spaces = 0;
    let tabs = 0;
    for (let i = 0; i < line.length; i += 1) {
      const ch = line.charCodeAt(i);
      if (ch === 32) spaces += 1;
      else if (ch === 9) tabs += 1;
      else break;
    }
    spaceIndents.push(spaces);
    tabIndents.push(tabs);
  }
  const unit = detectIndentUnit(spaceIndents);
  let complexity = 0;
  for (let i = 0; i < spaceIndents.length; i += 1) {
    complexity += tabIndents[i]! + Math.floor(spaceIndents[i]! / unit);
  }
  return { lines: rawLines.length, loc, complexity, markers };
}

/** Git's own heuristic: a NUL byte in the first 8000 bytes means binary. */
export function isBinary(content: Uint8Array): boolean {
  const end = Math.min(content.length, 8000);
  for (let i = 0; i < end; i += 1) if (content[i] === 0) return true;
  return false;
}
