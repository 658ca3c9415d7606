/**
 * The import extractor: picks the parser for a file by its extension and turns what the parser read into an
 * `ExtractedFile`. oxc-parser reads TypeScript and JavaScript; web-tree-sitter reads Python, Go and Java with the
 * grammars of tree-sitter-wasms, each loaded once per process, when an extractor first needs it.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { TpoError } from '../../domain/index.js';
import {
  chooseScriptScanner,
  type ScriptDialect,
  type ScriptScan,
  type ScriptScanner,
} from './extract-script-imports.js';
import {
  compileRules,
  scanTree,
  type CompiledRules,
  type TreeSitterLanguage,
} from './extract-tree-sitter-imports.js';
import type { ExtractedFile, ImportExtractor, ImportLanguage, ImportSpec } from './types.js';

interface LoadedGrammar {
  readonly parser: Parser;
  readonly rules: CompiledRules;
}

type LoadedGrammars = ReadonlyMap<TreeSitterLanguage, LoadedGrammar>;

const TREE_SITTER_LANGUAGES: readonly TreeSitterLanguage[] = ['python', 'go', 'java'];

/** Grammars loaded or loading in this process. */
const grammars = new Map<TreeSitterLanguage, Promise<LoadedGrammar>>();
/** The last load started: each waits for the one before it. */
let lastLoad: Promise<unknown> = Promise.resolve();

async function loadGrammar(language: TreeSitterLanguage): Promise<LoadedGrammar> {
  try {
    // web-tree-sitter and its WebAssembly runtime load only when a grammar is needed.
    const { Language, Parser } = await import('web-tree-sitter');
    await Parser.init();
    const require = createRequire(import.meta.url);
    const directory = join(dirname(require.resolve('tree-sitter-wasms/package.json')), 'out');
    const grammar = await Language.load(join(directory, `tree-sitter-${language}.wasm`));
    const parser = new Parser();
    parser.setLanguage(grammar);
    return { parser, rules: compileRules(language, grammar) };
  } catch (error) {
    grammars.delete(language);
    throw new TpoError(
      'NotFound',
      `could not load the tree-sitter grammar for ${language}: reinstall tpo so that web-tree-sitter and tree-sitter-wasms are present`,
      {},
      { cause: error },
    );
  }
}

/** The grammars of `languages`, loading those not loaded yet. */
async function loadGrammars(languages: Iterable<TreeSitterLanguage>): Promise<LoadedGrammars> {
  const loaded = new Map<TreeSitterLanguage, LoadedGrammar>();
  for (const language of languages) {
    let grammar = grammars.get(language);
    if (grammar === undefined) {
      // One after the other: web-tree-sitter links each grammar into one shared WebAssembly table, and concurrent
      // loads can fail to find the symbols of the grammar being linked.
      grammar = lastLoad.then(
        () => loadGrammar(language),
        () => loadGrammar(language),
      );
      lastLoad = grammar;
      grammars.set(language, grammar);
    }
    loaded.set(language, await grammar);
  }
  return loaded;
}

interface ScriptKind {
  readonly dialect: ScriptDialect;
  readonly sourceType: 'module' | 'commonjs' | 'unambiguous';
}

const SCRIPT_KINDS: Readonly<Record<string, ScriptKind>> = {
  ts: { dialect: 'ts', sourceType: 'module' },
  mts: { dialect: 'ts', sourceType: 'module' },
  cts: { dialect: 'ts', sourceType: 'commonjs' },
  tsx: { dialect: 'tsx', sourceType: 'module' },
  // Plain .js may be either; `unambiguous` lets top-level await through and still reads CommonJS.
  js: { dialect: 'js', sourceType: 'unambiguous' },
  jsx: { dialect: 'js', sourceType: 'unambiguous' },
  mjs: { dialect: 'js', sourceType: 'module' },
  cjs: { dialect: 'js', sourceType: 'commonjs' },
};

const TREE_SITTER_EXTENSIONS: Readonly<Record<string, TreeSitterLanguage>> = {
  py: 'python',
  pyi: 'python',
  go: 'go',
  java: 'java',
};

function getExtension(path: string): string {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot <= slash + 1 ? '' : path.slice(dot + 1).toLowerCase();
}

const DECLARATION_FILE = /\.d\.[mc]?ts$/i;

function toExtracted(language: ImportLanguage, scans: readonly ScriptScan[]): ExtractedFile {
  let cyclomatic = 1;
  let parseErrors = 0;
  const imports: ImportSpec[] = [];
  for (const scan of scans) {
    cyclomatic += scan.functions + scan.decisions;
    parseErrors += scan.parseErrors;
    imports.push(...scan.imports);
  }
  return { language, imports, cyclomatic, parseErrors };
}

const SCRIPT_BLOCK = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const LANG_ATTRIBUTE = /\blang\s*=\s*["']?([a-z]+)/i;
const SRC_ATTRIBUTE = /\bsrc\s*=\s*["']([^"']+)["']/i;

function countLines(text: string, end: number): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) lines += 1;
  return lines;
}

/** Vue and Svelte single-file components: each `<script>` block is a script; `<script src>` is an import. */
function extractComponent(scanScript: ScriptScanner, path: string, content: string): ExtractedFile {
  const scans: ScriptScan[] = [];
  let typescript = false;
  for (const match of content.matchAll(SCRIPT_BLOCK)) {
    const attributes = match[1]!;
    const body = match[2]!;
    const start = match.index + match[0].indexOf('>') + 1;
    const firstLine = countLines(content, start);
    const lang = LANG_ATTRIBUTE.exec(attributes)?.[1]?.toLowerCase();
    const src = SRC_ATTRIBUTE.exec(attributes)?.[1];
    if (src !== undefined) {
      const line = countLines(content, match.index);
      scans.push({
        imports: [{ specifier: src, kind: 'static', line }],
        functions: 0,
        decisions: 0,
        parseErrors: 0,
      });
    }
    const dialect: ScriptDialect =
      lang === 'tsx' ? 'tsx' : lang === 'ts' || lang === 'typescript' ? 'ts' : 'js';
    if (dialect !== 'js') typescript = true;
    if (body.trim() !== '') scans.push(scanScript(path, body, dialect, 'module', firstLine));
  }
  return toExtracted(typescript ? 'typescript' : 'javascript', scans);
}

function extractFile(
  scanScript: ScriptScanner,
  grammarSet: LoadedGrammars,
  path: string,
  content: string,
): ExtractedFile | null {
  const extension = getExtension(path);
  const script = SCRIPT_KINDS[extension];
  if (script !== undefined) {
    const dialect = DECLARATION_FILE.test(path) ? 'dts' : script.dialect;
    const language = dialect === 'js' ? 'javascript' : 'typescript';
    return toExtracted(language, [scanScript(path, content, dialect, script.sourceType)]);
  }
  if (extension === 'vue' || extension === 'svelte') return extractComponent(scanScript, path, content);
  const language = TREE_SITTER_EXTENSIONS[extension];
  if (language === undefined) return null;
  const { parser, rules } = grammarSet.get(language)!;
  const scan = scanTree(parser, rules, content);
  const extracted: ExtractedFile = {
    language,
    imports: scan.imports,
    cyclomatic: 1 + scan.functions + scan.decisions,
    parseErrors: scan.parseErrors,
  };
  return scan.declaredPackage === undefined
    ? extracted
    : { ...extracted, declaredPackage: scan.declaredPackage };
}

function getImportLanguage(path: string): ImportLanguage | null {
  const extension = getExtension(path);
  const script = SCRIPT_KINDS[extension];
  if (script !== undefined) return script.dialect === 'js' ? 'javascript' : 'typescript';
  if (extension === 'vue' || extension === 'svelte') return 'javascript';
  return TREE_SITTER_EXTENSIONS[extension] ?? null;
}

/**
 * Whether the extractor has a parser for a path, decided by its extension alone (so a scan can skip reading blobs
 * it could not parse): .ts .tsx .mts .cts .js .jsx .mjs .cjs .vue .svelte .py .pyi .go .java.
 */
export function hasImportParser(path: string): boolean {
  return getImportLanguage(path) !== null;
}

export interface ImportExtractorOptions {
  /**
   * The paths the extractor will be given, when known: only the grammars they need are loaded (a scan of a
   * JavaScript repository loads none). Without it, every grammar is loaded.
   */
  readonly paths?: Iterable<string>;
}

/**
 * Creates an import extractor. The first call in a process that needs the Python, Go or Java grammar loads it (a
 * few milliseconds each); later calls reuse it. `extract` is synchronous and never throws on content: a file the
 * parser chokes on yields what could be read, with `parseErrors` counted.
 *
 * @throws TpoError `NotFound` when the grammar files cannot be loaded; `extract` throws `Invalid` for a path of a
 *   language `options.paths` did not announce.
 * @example
 * const extractor = await createImportExtractor();
 * const file = extractor.extract('src/a.ts', "import { b } from './b.js';");
 * // file.imports: [{ specifier: './b.js', kind: 'static', line: 1 }]
 */
export async function createImportExtractor(options: ImportExtractorOptions = {}): Promise<ImportExtractor> {
  let needed: Iterable<TreeSitterLanguage> = TREE_SITTER_LANGUAGES;
  if (options.paths !== undefined) {
    const languages = new Set<TreeSitterLanguage>();
    for (const path of options.paths) {
      const language = TREE_SITTER_EXTENSIONS[getExtension(path)];
      if (language !== undefined) languages.add(language);
    }
    needed = languages;
  }
  const grammarSet = await loadGrammars(needed);
  const scanScript = chooseScriptScanner();
  return {
    extract(path: string, content: string): ExtractedFile | null {
      const language = TREE_SITTER_EXTENSIONS[getExtension(path)];
      if (language !== undefined && !grammarSet.has(language))
        throw new TpoError(
          'Invalid',
          `the import extractor was created without the ${language} grammar, so it cannot read ${path}`,
        );
      try {
        return extractFile(scanScript, grammarSet, path, content);
      } catch {
        // A parser bug must not stop a scan: the file counts as unreadable, not as free of imports.
        const language = getImportLanguage(path);
        return language === null ? null : { language, imports: [], cyclomatic: 1, parseErrors: 1 };
      }
    },
  };
}
