/**
 * Which importer reads a file, and the one entry point the app calls with a file's bytes.
 */
import { TpoError } from '../domain/index.js';
import { importJson } from './backlog-json.js';
import { decodeText } from './decode-text.js';
import { importCsv } from './import-csv.js';
import { importGithubJson } from './import-github.js';
import { importJiraCsv, importLinearCsv } from './import-trackers.js';
import {
  IMPORT_FORMATS,
  type ImportedBacklog,
  type ImportFormat,
  type ImportOptions,
} from './imported-backlog.js';

/**
 * The format of a file from its content: a JSON object is tpo's backlog, a JSON array is GitHub issues; a CSV
 * whose header has "Issue key" is Jira's, one with "ID" and "Team" is Linear's, any other CSV is generic.
 */
export function detectImportFormat(text: string): ImportFormat {
  const start = text.trimStart()[0];
  if (start === '{') return 'json';
  if (start === '[') return 'github';
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const names = firstLine.split(',').map((s) => s.trim().replace(/^"|"$/g, ''));
  if (names.includes('Issue key')) return 'jira';
  if (names.includes('ID') && names.includes('Team')) return 'linear';
  return 'csv';
}

export function assertImportFormat(value: string): asserts value is ImportFormat {
  if (!IMPORT_FORMATS.includes(value as ImportFormat))
    throw new TpoError(
      'Invalid',
      `format "${value}" is not one tpo imports; expected one of ${IMPORT_FORMATS.join(', ')}`,
      {
        format: value,
      },
    );
}

/** Decodes (UTF-8 only) and parses a file in the given format, or the detected one. Writes nothing. */
export function readImport(
  bytes: Uint8Array,
  file: string,
  options: ImportOptions & { format?: ImportFormat } = {},
): ImportedBacklog {
  const text = decodeText(bytes, file);
  const format = options.format ?? detectImportFormat(text);
  switch (format) {
    case 'json':
      return importJson(text, file);
    case 'github':
      return importGithubJson(text, file, options);
    case 'jira':
      return importJiraCsv(text, file, options);
    case 'linear':
      return importLinearCsv(text, file, options);
    case 'csv':
      return importCsv(text, file, options);
  }
}
