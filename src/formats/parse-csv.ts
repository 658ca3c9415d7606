/**
 * CSV as RFC 4180 writes it (fields separated by commas, records by CRLF or LF, fields with commas, quotes or
 * line breaks in double quotes, inner quotes doubled), read strictly: every malformation is an error with its
 * line and column, never a silent guess.
 */
import { createFormatError } from './format-error.js';

/** One record: its cells and where each cell starts (1-based line and column). */
export interface CsvRecord {
  /** Line the record starts on. */
  readonly line: number;
  readonly cells: readonly string[];
  readonly lines: readonly number[];
  readonly columns: readonly number[];
}

export interface CsvTable {
  readonly file: string;
  readonly header: CsvRecord;
  readonly rows: readonly CsvRecord[];
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Parses CSV text (already decoded, without a byte-order mark) into a header and rows. Lines that are entirely
 * empty are skipped; every other record must have as many fields as the header.
 */
export function parseCsv(text: string, file: string): CsvTable {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  let lineStart = 0;
  while (i < n) {
    // An entirely empty line is no record.
    const c0 = text.charCodeAt(i);
    if (c0 === LF || (c0 === CR && text.charCodeAt(i + 1) === LF)) {
      i += c0 === CR ? 2 : 1;
      line += 1;
      lineStart = i;
      continue;
    }
    const recordLine = line;
    const cells: string[] = [];
    const lines: number[] = [];
    const columns: number[] = [];
    for (;;) {
      const cellLine = line;
      const cellColumn = i - lineStart + 1;
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        let out = '';
        let from = i + 1;
        let j = from;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q === -1) {
            throw createFormatError(
              { file, line: cellLine, column: cellColumn },
              'the quoted field that starts here never ends (is the file cut short?)',
              'a closing double quote',
            );
          }
          // Count the line breaks inside the quoted text for the positions of what follows.
          for (let k = text.indexOf('\n', j); k !== -1 && k < q; k = text.indexOf('\n', k + 1)) {
            line += 1;
            lineStart = k + 1;
          }
          if (text.charCodeAt(q + 1) === QUOTE) {
            out += text.slice(from, q + 1);
            from = q + 2;
            j = from;
            continue;
          }
          out += text.slice(from, q);
          i = q + 1;
          break;
        }
        value = out;
        const next = text.charCodeAt(i);
        if (i < n && next !== COMMA && next !== LF && !(next === CR && text.charCodeAt(i + 1) === LF)) {
          throw createFormatError(
            { file, line, column: i - lineStart + 1 },
            `"${text[i]!}" follows the closing quote of a field`,
            'a comma or the end of the line after a closing quote (write a quote inside a quoted field as "")',
          );
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === COMMA || c === LF || (c === CR && text.charCodeAt(j + 1) === LF)) break;
          if (c === QUOTE) {
            throw createFormatError(
              { file, line, column: j - lineStart + 1 },
              'a double quote inside a field that does not start with one',
              'the whole field in double quotes, with the quote written twice ("")',
            );
          }
          j += 1;
        }
        value = text.slice(i, j);
        i = j;
      }
      cells.push(value);
      lines.push(cellLine);
      columns.push(cellColumn);
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        i += 1;
        continue;
      }
      // End of record: LF or CRLF.
      i += c === CR ? 2 : 1;
      line += 1;
      lineStart = i;
      break;
    }
    records.push({ line: recordLine, cells, lines, columns });
  }
  const [header, ...rows] = records;
  if (!header)
    throw createFormatError(
      { file, line: 1, column: 1 },
      'the file is empty',
      'a header line naming the columns',
    );
  for (const row of rows) {
    if (row.cells.length !== header.cells.length) {
      const last = row.cells.length - 1;
      throw createFormatError(
        {
          file,
          line: row.line,
          column:
            row.cells.length > header.cells.length ? row.columns[header.cells.length]! : row.columns[last]!,
        },
        `this row has ${row.cells.length} field${row.cells.length === 1 ? '' : 's'}, the header has ${header.cells.length}`,
        `${header.cells.length} fields as in the header on line ${header.line} (is a comma inside a field not quoted, or is the file cut short?)`,
      );
    }
  }
  return { file, header, rows };
}

function quoteCell(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/** CSV text (RFC 4180: CRLF line ends, quotes only where needed) from a header and rows. */
export function writeCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((r) => r.map(quoteCell).join(',')).join('\r\n') + '\r\n';
}
