/**
 * Measuring a snapshot's blobs for the scan: reads them through one `git cat-file --batch` and measures each
 * (lines, complexity, markers, imports), and keeps the text of the configuration files that import resolution
 * reads. No store access. A scan runs it in a worker thread (`measureBlobsInWorker`), so that parsing does not hold
 * up the main thread, which meanwhile reads the history from git and writes it to the store.
 */
import { Worker } from 'node:worker_threads';
import {
  createImportExtractor,
  getContentExclusion,
  getLanguage,
  isBinary,
  measureText,
  readBlobs,
  type ImportSpec,
} from '../codebase/index.js';
import { TpoError, type TpoErrorCode } from '../domain/index.js';
import type { BlobMetricsRow } from '../store/index.js';

/** A file at the scanned commit: its path and blob. */
export interface BlobFile {
  readonly path: string;
  readonly blob: string;
}

export interface BlobsToMeasure {
  readonly gitDir: string;
  /** Files to measure, one per blob and language: the blob cache knows none of them. */
  readonly files: readonly BlobFile[];
  /** Configuration files (package.json, tsconfig, go.mod ...) to read as text. */
  readonly configFiles: readonly BlobFile[];
}

export interface MeasuredBlobs {
  /** One row per file measured, for the blob cache. */
  readonly fresh: readonly BlobMetricsRow[];
  /** Text of the configuration files by path. */
  readonly configText: ReadonlyMap<string, string>;
}

/** Called after every few hundred blobs: blobs read so far, of how many. */
export type MeasureProgress = (done: number, total: number) => void;

/** What the blob cache keeps of an extraction (the `imports` column). */
export interface StoredImports {
  readonly imports: readonly ImportSpec[];
  readonly declaredPackage?: string;
}

/** The blob cache's language key: the language, or '' for none. */
export function getLanguageKey(language: string | null): string {
  return language ?? '';
}

type Extractor = Awaited<ReturnType<typeof createImportExtractor>>;

function measureBlob(
  file: BlobFile,
  language: string | null,
  binary: boolean,
  text: string,
  extractor: Extractor | null,
): BlobMetricsRow {
  if (binary) {
    return {
      blob: file.blob,
      language: getLanguageKey(language),
      excluded: null,
      binary: 1,
      lines: 0,
      loc: 0,
      complexity: 0,
      cyclomatic: null,
      imports: null,
      markers: '[]',
    };
  }
  const measures = measureText(text, language);
  const extracted = extractor?.extract(file.path, text) ?? null;
  return {
    blob: file.blob,
    language: getLanguageKey(language),
    excluded: getContentExclusion(file.path, text, measures.lines),
    binary: 0,
    lines: measures.lines,
    loc: measures.loc,
    complexity: measures.complexity,
    cyclomatic: extracted ? extracted.cyclomatic : null,
    imports: extracted
      ? JSON.stringify({
          imports: extracted.imports,
          declaredPackage: extracted.declaredPackage,
        } satisfies StoredImports)
      : null,
    markers: JSON.stringify(measures.markers),
  };
}

/**
 * Reads and measures the blobs in this thread.
 * @example
 * const { fresh } = await measureBlobs({ gitDir, files: [{ path: 'src/a.ts', blob }], configFiles: [] });
 */
export async function measureBlobs(
  input: BlobsToMeasure,
  onProgress?: MeasureProgress,
): Promise<MeasuredBlobs> {
  const configByBlob = new Map<string, string[]>();
  for (const f of input.configFiles) configByBlob.set(f.blob, [...(configByBlob.get(f.blob) ?? []), f.path]);
  const pendingByBlob = new Map<string, BlobFile[]>();
  for (const f of input.files) pendingByBlob.set(f.blob, [...(pendingByBlob.get(f.blob) ?? []), f]);
  const extractor =
    input.files.length > 0 ? await createImportExtractor({ paths: input.files.map((f) => f.path) }) : null;
  const configText = new Map<string, string>();
  const fresh: BlobMetricsRow[] = [];
  const blobsToRead = [...new Set([...pendingByBlob.keys(), ...configByBlob.keys()])];
  let measured = 0;
  await readBlobs(input.gitDir, blobsToRead, (blob, content) => {
    const binary = isBinary(content);
    const text = binary ? '' : content.toString('utf8');
    for (const p of configByBlob.get(blob) ?? []) configText.set(p, text);
    for (const file of pendingByBlob.get(blob) ?? [])
      fresh.push(measureBlob(file, getLanguage(file.path), binary, text, extractor));
    measured += 1;
    if (measured % 500 === 0) onProgress?.(measured, blobsToRead.length);
  });
  onProgress?.(blobsToRead.length, blobsToRead.length);
  return { fresh, configText };
}

/** Messages from the worker thread (measure-blobs-worker.ts). */
export type MeasureWorkerMessage =
  | { readonly kind: 'progress'; readonly done: number; readonly total: number }
  | {
      readonly kind: 'done';
      readonly fresh: readonly BlobMetricsRow[];
      readonly configText: readonly (readonly [string, string])[];
    }
  | {
      readonly kind: 'failed';
      readonly message: string;
      readonly code: TpoErrorCode | null;
      readonly context: Record<string, unknown>;
    };

/** The worker's entry, built next to this file; absent when tpo runs from its TypeScript sources (tests). */
const WORKER = import.meta.url.endsWith('.js') ? new URL('./measure-blobs-worker.js', import.meta.url) : null;
/**
 * Fewer files than this are measured in this thread: a worker loads its own copy of the parsers (tens of
 * milliseconds), more than measuring a few dozen files costs (about a millisecond each), as after one new commit.
 */
const WORKER_MIN_FILES = 100;

/**
 * Reads and measures the blobs in a worker thread (in this thread for a few files, or when tpo runs from its
 * TypeScript sources). Errors come back as they were thrown: a TpoError keeps its code.
 * @example
 * const measured = await measureBlobsInWorker({ gitDir, files, configFiles }, (done, total) => report(done, total));
 */
export function measureBlobsInWorker(
  input: BlobsToMeasure,
  onProgress?: MeasureProgress,
): Promise<MeasuredBlobs> {
  if (WORKER === null || input.files.length < WORKER_MIN_FILES) return measureBlobs(input, onProgress);
  const worker = WORKER;
  return new Promise((resolve, reject) => {
    let settled = false;
    const thread = new Worker(worker, { workerData: input });
    thread.on('message', (message: MeasureWorkerMessage) => {
      if (message.kind === 'progress') onProgress?.(message.done, message.total);
      else if (message.kind === 'done') {
        settled = true;
        resolve({ fresh: message.fresh, configText: new Map(message.configText) });
      } else {
        settled = true;
        reject(
          message.code === null
            ? new Error(message.message)
            : new TpoError(message.code, message.message, message.context),
        );
      }
    });
    thread.on('error', (error) => {
      settled = true;
      reject(error);
    });
    thread.on('exit', (code) => {
      if (!settled) reject(new Error(`the blob measuring thread stopped (exit code ${String(code)})`));
    });
  });
}
