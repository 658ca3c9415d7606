import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText } from './decode-text.js';
import { parseItemDocument, renderItemDocument } from './item-document.js';
import { parseTime } from './map-values.js';
import { parseJson } from './parse-json.js';
import { readImport } from './read-import.js';
import { createItemFields } from '../domain/index.js';

const FIXTURES = path.resolve('test/fixtures/backlog');
const read = (name: string, options = {}) =>
  readImport(readFileSync(path.join(FIXTURES, name)), name, options);

describe('readImport', () => {
  it('detects each source from its content', () => {
    expect(['generic.csv', 'jira.csv', 'linear.csv', 'gh-issues.json'].map((f) => read(f).format)).toEqual([
      'csv',
      'jira',
      'linear',
      'github',
    ]);
  });

  it('maps a generic CSV: RICE columns, a quoted multi-line description, lists and dates', () => {
    const { items } = read('generic.csv');
    expect(items).toHaveLength(3);
    expect(items[0]!.fields).toMatchObject({
      title: 'Export invoices as PDF',
      description: 'Customers ask for it.\r\n\r\nThey want "real" PDFs, not HTML.',
      kind: 'feature',
      status: 'in-progress',
      rice: { reach: 2000, impact: 2, confidence: 80, effort: 2 },
      tags: ['billing', 'pdf'],
      requester: 'Dana',
      targetDate: '2025-06-30',
      areas: ['src/billing/**'],
      external: { tracker: 'csv', key: 'SHOP-1', url: null },
    });
    expect(items[0]!.blockedBy).toEqual([{ tracker: 'csv', key: 'SHOP-3' }]);
    expect(items[1]!.fields.rice).toEqual({ reach: 1500, impact: 1, confidence: 100, effort: 0.5 });
    expect(items[1]!.history).toEqual([
      { from: null, to: 'idea', at: Date.UTC(2024, 1, 10, 9) / 1000 },
      { from: 'idea', to: 'done', at: Date.UTC(2024, 1, 20, 17, 30) / 1000 },
    ]);
  });

  it('reads a column named by --map and a status named by --status-map', () => {
    const text = 'Name,Weeks,State\nFirst,3,QA\n';
    const { items } = readImport(Buffer.from(text), 'x.csv', {
      map: { title: 'Name', effort: 'Weeks' },
      statusMap: { QA: 'in-progress' },
    });
    expect(items[0]!.fields).toMatchObject({ title: 'First', rice: { effort: 3 }, status: 'in-progress' });
    expect(() => readImport(Buffer.from(text), 'x.csv', { map: { title: 'Name' } })).toThrow(
      /^x\.csv:2:9: status "QA" is not one tpo knows; expected one of idea, ready, in-progress, done, dropped/,
    );
    expect(() => readImport(Buffer.from(text), 'x.csv', { map: { effort: 'Hours' } })).toThrow(
      /^x\.csv:1:1: there is no column "Hours" \(named by --map effort=Hours\)/,
    );
  });

  it('maps a Jira export: repeated label and link columns, custom fields, resolutions, Jira dates', () => {
    const { items } = read('jira.csv', { baseUrl: 'https://acme.atlassian.net/' });
    const [sso, redis, audit, old] = items;
    expect(sso!.fields).toMatchObject({
      kind: 'feature',
      status: 'in-progress',
      tags: ['enterprise', 'auth'],
      rice: { reach: 500, impact: 3, confidence: 50, effort: 6 },
      requester: 'Dana',
      targetDate: '2024-06-30',
      external: { tracker: 'jira', key: 'PROJ-1', url: 'https://acme.atlassian.net/browse/PROJ-1' },
    });
    expect(sso!.blockedBy).toEqual([
      { tracker: 'jira', key: 'PROJ-2' },
      { tracker: 'jira', key: 'PROJ-3' },
    ]);
    expect(sso!.createdAt).toBe(Date.UTC(2024, 2, 12, 10, 15) / 1000);
    expect(redis!.fields).toMatchObject({
      kind: 'debt',
      status: 'ready',
      rice: { effort: 3 },
      tags: ['tech-debt'],
    });
    expect(redis!.blocks).toEqual([{ tracker: 'jira', key: 'PROJ-1' }]);
    expect(audit!.fields.status).toBe('in-progress');
    expect(old!.fields).toMatchObject({ kind: 'bug', status: 'dropped' });
  });

  it('maps a Linear export: labels carry kind and RICE, started/completed/canceled make the history', () => {
    const { items } = read('linear.csv');
    expect(items.map((i) => [i.fields.external!.key, i.fields.kind, i.fields.status])).toEqual([
      ['ENG-12', 'feature', 'in-progress'],
      ['ENG-13', 'bug', 'done'],
      ['ENG-14', 'debt', 'dropped'],
      ['ENG-15', 'feature', 'idea'],
    ]);
    expect(items[0]!.fields.rice).toEqual({ reach: 3000, impact: 2, confidence: 50, effort: 8 });
    expect(items[1]!.history!.map((h) => h.to)).toEqual(['idea', 'in-progress', 'done']);
  });

  it('maps gh issue list JSON: labels for RICE and status, closed reasons, dependencies in the body', () => {
    const { items } = read('gh-issues.json');
    expect(items.map((i) => [i.fields.external!.key, i.fields.status, i.fields.kind ?? null])).toEqual([
      ['acme/shop#12', 'in-progress', 'feature'],
      ['acme/shop#13', 'done', 'bug'],
      ['acme/shop#14', 'idea', 'debt'],
      ['acme/shop#15', 'dropped', null],
    ]);
    expect(items[0]!.fields).toMatchObject({
      rice: { reach: 2000, impact: 2, confidence: 80, effort: 2 },
      tags: ['enhancement'],
      requester: 'dana',
      targetDate: '2024-06-30',
    });
    expect(items[0]!.blockedBy).toEqual([{ tracker: 'github', key: 'acme/shop#14' }]);
    expect(items[2]!.blocks).toEqual([{ tracker: 'github', key: 'acme/shop#12' }]);
  });

  it.each([
    [
      'truncated.csv',
      'truncated.csv:3:1: the quoted field that starts here never ends (is the file cut short?)',
    ],
    ['latin1.csv', 'latin1.csv:2:4: byte 0xe9 is not UTF-8'],
    ['utf16.csv', 'utf16.csv:1:1: the file is UTF-16 encoded'],
    [
      'wrong-columns.csv',
      'wrong-columns.csv:1:1: no column carries the title (the header has: name of thing, estimate)',
    ],
    ['bad-impact.csv', 'bad-impact.csv:3:10: impact must be one of 0.25, 0.5, 1, 2, 3'],
    ['truncated.json', 'truncated.json:8:336: a string that never ends (is the file cut short?)'],
    ['bad-value.json', 'bad-value.json:13:17: impact is 4; expected one of 0.25, 0.5, 1, 2, 3'],
  ])('refuses %s with the file, line and column', (file, message) => {
    expect(() => read(file)).toThrow(message);
  });
});

describe('decodeText', () => {
  it('drops a UTF-8 byte-order mark', () => {
    expect(decodeText(Buffer.from('\ufeffa,b\n'), 'f.csv')).toBe('a,b\n');
  });
});

describe('parseJson', () => {
  it('locates members and names what was expected', () => {
    const json = parseJson('{\n  "a": [1, {"b": true}]\n}', 'f.json');
    const a = (json.value as { a: unknown[] }).a;
    expect(json.locate(a, 1)).toEqual({ file: 'f.json', line: 2, column: 12 });
    expect(() => parseJson('{"a": 1,}', 'f.json')).toThrow(
      'f.json:1:9: found "}" where a property name should be',
    );
    expect(() => parseJson('{"a": 1 "b": 2}', 'f.json')).toThrow(
      'f.json:1:9: found "\\"" after the value of "a"; expected a comma',
    );
    expect(() => parseJson('{"a": 1, "a": 2}', 'f.json')).toThrow(
      'f.json:1:10: the property "a" appears twice',
    );
  });
});

describe('parseTime', () => {
  it('reads ISO, Jira and JavaScript date forms as UTC seconds', () => {
    expect(parseTime('t', '2024-03-12')).toBe(Date.UTC(2024, 2, 12) / 1000);
    expect(parseTime('t', '2024-03-12T10:15:00+02:00')).toBe(Date.UTC(2024, 2, 12, 8, 15) / 1000);
    expect(parseTime('t', '12/Mar/24 10:15 PM')).toBe(Date.UTC(2024, 2, 12, 22, 15) / 1000);
    expect(() => parseTime('created', 'yesterday')).toThrow('created "yesterday" is not a date');
  });
});

describe('item documents', () => {
  it('round-trips an item through its front matter', () => {
    const fields = createItemFields({
      title: 'Export: invoices "as" PDF',
      description: '# Why\n\nBecause.\n',
      rice: { reach: 2000, impact: 0.5, confidence: 80, effort: 1.5 },
      tags: ['billing', 'pdf'],
      targetDate: '2025-06-30',
      areas: ['src/billing/**'],
    });
    const text = renderItemDocument(fields, { id: 'T-3', version: 2, blockedBy: ['T-1'] });
    const doc = parseItemDocument(text, 'T-3.md')!;
    expect(createItemFields(doc.fields)).toEqual(fields);
    expect(doc.blockedBy).toEqual(['T-1']);
  });

  it('names the line of a wrong field and reads an empty title as a cancel', () => {
    const fields = createItemFields({ title: 'x' });
    const text = renderItemDocument(fields).replace(/^impact:.*$/m, 'impact: 5');
    expect(() => parseItemDocument(text, 'new.md')).toThrow(/^new\.md:7:9: impact must be one of/);
    expect(parseItemDocument(renderItemDocument({ ...fields, title: '' }), 'new.md')).toBeNull();
    expect(() => parseItemDocument('---\ncolour: red\n---\n', 'new.md')).toThrow(
      /^new\.md:2:1: unknown field "colour"/,
    );
  });
});
