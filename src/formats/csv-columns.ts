/**
 * Finding columns by name in a CSV header (case, spaces, dashes and underscores do not matter) and reading
 * cells with their place in the file.
 */
import type { SourceLocation } from './format-error.js';
import type { CsvRecord, CsvTable } from './parse-csv.js';

/** `Target_Date`, `target-date` and ` Target  date ` are the same column name. */
export function normalizeHeader(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
}

/** Indexes of every column whose name is one of `names` (a tracker may repeat a column, as Jira does). */
export function findColumns(table: CsvTable, names: readonly string[]): number[] {
  const wanted = new Set(names.map(normalizeHeader));
  const out: number[] = [];
  table.header.cells.forEach((cell, i) => {
    if (wanted.has(normalizeHeader(cell))) out.push(i);
  });
  return out;
}

export interface Cell {
  readonly value: string;
  readonly at: SourceLocation;
}

/** A cell whose place is worked out only when an error needs it (an import of 100,000 rows reads millions). */
class CsvCell implements Cell {
  constructor(
    readonly value: string,
    private readonly table: CsvTable,
    private readonly row: CsvRecord,
    private readonly column: number,
  ) {}

  get at(): SourceLocation {
    return {
      file: this.table.file,
      line: this.row.lines[this.column]!,
      column: this.row.columns[this.column]!,
    };
  }
}

/** The cell of a row in a column (trimmed), or null when the column is absent or the cell is empty. */
export function readCell(table: CsvTable, row: CsvRecord, column: number | undefined): Cell | null {
  if (column === undefined) return null;
  const value = row.cells[column]!.trim();
  if (value === '') return null;
  return new CsvCell(value, table, row, column);
}

/** Every non-empty cell of a row in the given columns. */
export function readCells(table: CsvTable, row: CsvRecord, columns: readonly number[]): Cell[] {
  const out: Cell[] = [];
  for (const c of columns) {
    const cell = readCell(table, row, c);
    if (cell) out.push(cell);
  }
  return out;
}

/** Where a header cell is, for errors about a column. */
export function headerAt(table: CsvTable, column: number): SourceLocation {
  return { file: table.file, line: table.header.lines[column]!, column: table.header.columns[column]! };
}
