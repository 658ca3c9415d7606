import { describe, expect, it } from 'vitest';
import { parseCsv, writeCsv } from './parse-csv.js';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF or LF', () => {
    const table = parseCsv('a,b,c\r\n"x, y","say ""hi""","two\r\nlines"\nplain,,last\n', 'f.csv');
    expect(table.header.cells).toEqual(['a', 'b', 'c']);
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['x, y', 'say "hi"', 'two\r\nlines'],
      ['plain', '', 'last'],
    ]);
    expect(table.rows[1]!.line).toBe(4);
    expect(table.rows[0]!.columns).toEqual([1, 8, 21]);
  });

  it('skips empty lines and reads a last line without a line break', () => {
    const table = parseCsv('a,b\n\n1,2\n\n3,4', 'f.csv');
    expect(table.rows.map((r) => [r.line, ...r.cells])).toEqual([
      [3, '1', '2'],
      [5, '3', '4'],
    ]);
  });

  it('names the line and column of a quote inside an unquoted field', () => {
    expect(() => parseCsv('a,b\n1,ab"c\n', 'f.csv')).toThrow(
      'f.csv:2:5: a double quote inside a field that does not start with one; expected the whole field in double quotes',
    );
  });

  it('names the line and column of text after a closing quote', () => {
    expect(() => parseCsv('a,b\n"x"y,2\n', 'f.csv')).toThrow(
      /^f\.csv:2:4: "y" follows the closing quote of a field/,
    );
  });

  it('names the opening quote of a field that never ends', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n', 'f.csv')).toThrow(
      /^f\.csv:2:3: the quoted field that starts here never ends/,
    );
  });

  it('refuses a row with more or fewer fields than the header, naming the line', () => {
    expect(() => parseCsv('a,b,c\n1,2\n', 'f.csv')).toThrow(
      /^f\.csv:2:3: this row has 2 fields, the header has 3/,
    );
    expect(() => parseCsv('a,b\n1,2,3\n', 'f.csv')).toThrow(
      /^f\.csv:2:5: this row has 3 fields, the header has 2/,
    );
  });

  it('refuses an empty file', () => {
    expect(() => parseCsv('', 'f.csv')).toThrow(/^f\.csv:1:1: the file is empty; expected a header line/);
  });

  it('writes what it reads back', () => {
    const rows = [['x, y', 'say "hi"', 'two\nlines', ' padded ', '']];
    const text = writeCsv(['a', 'b', 'c', 'd', 'e'], rows);
    expect(text).toBe('a,b,c,d,e\r\n"x, y","say ""hi""","two\nlines"," padded ",\r\n');
    expect(parseCsv(text, 'f.csv').rows[0]!.cells).toEqual(rows[0]);
  });
});
