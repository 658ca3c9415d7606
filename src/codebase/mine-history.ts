/**
 * Reads commits and their per-file changes from `git log`, streaming (`-z`), never the whole log in memory.
 *
 * Two git processes run side by side on the same range: one reads every commit with its own diff (merges have
 * none), the other reads the first-parent merges' diffs against their first parent (the change sets of merged
 * pull requests). Rename detection is on (`-M`) and identities go through .mailmap (`%aN`, `%aE`).
 */
import { TpoError, type ChangeStatus, type FileChange } from '../domain/index.js';
import { splitRecords, startGitStream, streamGit, type GitStream } from './git.js';

export interface MinedCommit {
  readonly sha: string;
  readonly parents: readonly string[];
  readonly authorName: string;
  readonly authorEmail: string;
  readonly authorTime: number;
  readonly commitTime: number;
  readonly message: string;
  readonly changes: readonly FileChange[];
}

export interface MergeDiff {
  readonly sha: string;
  readonly changes: readonly FileChange[];
}

const RECORD = '\x1e';
const FIELD = '\x1f';
const COMMIT_FORMAT = `--format=${RECORD}%H${FIELD}%P${FIELD}%aN${FIELD}%aE${FIELD}%at${FIELD}%ct${FIELD}%B${FIELD}`;
const DIFF_ARGS = [
  '-z',
  '--raw',
  '--numstat',
  '-M',
  '--no-abbrev',
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
];
const GITLINK_MODE = '160000';

/** The revision range for `git log`: everything reachable from `head`, minus what `exclude` reaches. */
function rangeArgs(head: string, exclude: readonly string[]): string[] {
  return [head, ...exclude.map((sha) => `^${sha}`), '--'];
}

/**
 * Starts git on the given commits (`shas`: one per line, as `git rev-list` prints them), in that order, each with
 * its own diff (`--no-walk`: just these); parseCommitStream reads it.
 */
export function startCommitList(gitDir: string, shas: string): GitStream {
  const args = ['log', '--no-walk=unsorted', '--stdin', ...DIFF_ARGS, '--root', COMMIT_FORMAT];
  return startGitStream(args, { gitDir, input: shas });
}

/**
 * Starts git on every commit reachable from `head` and not from `exclude`, newest first (the order `git rev-list`
 * lists them in), each with its own diff (merges have none); parseCommitStream reads it.
 */
export function startNewestFirst(gitDir: string, head: string, exclude: readonly string[] = []): GitStream {
  const args = ['log', ...DIFF_ARGS, '--root', COMMIT_FORMAT, ...rangeArgs(head, exclude)];
  return startGitStream(args, { gitDir });
}

/** A history's commits in `git rev-list` order (newest first), as rev-list printed them: one sha per line. */
export class CommitOrder {
  /** Characters per line: a sha and its newline. */
  private readonly width: number;
  readonly total: number;

  constructor(private readonly listed: string) {
    this.width = listed.indexOf('\n') + 1;
    this.total = this.width === 0 ? 0 : Math.floor(listed.length / this.width);
  }

  /** The sha at position `k`, 0 for the newest. */
  shaAt(k: number): string {
    return this.listed.slice(k * this.width, (k + 1) * this.width - 1);
  }

  /** The list oldest first, one sha per line (the input of startCommitList). */
  reversed(): string {
    const lines: string[] = new Array<string>(this.total);
    for (let k = 0; k < this.total; k += 1) lines[this.total - 1 - k] = this.shaAt(k);
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  }
}

/** What `git rev-list` listed for a history read: the order, and the process reading it oldest first, if any. */
export interface HistoryListing {
  /** The commits, newest first. */
  readonly order: CommitOrder;
  /** The same commits oldest first (startCommitList on the reversed order); null when one process reads them all. */
  readonly oldest: GitStream | null;
}

/**
 * The commits of a history read from both ends at once, each once: `newest` reads them newest first
 * (startNewestFirst) from the start, and once the listing has come (`git rev-list`'s order, for which no one
 * waits), its `oldest` process the other way round. Where the two meet, each is stopped, so each git process diffs
 * the part it reached first: half of the history's cost however unevenly that is spread, without having to guess
 * where the halves are (fixed shares finished up to 0.2 s apart on fastify). Commits come in the order they are
 * read; `onListed` hears the order when it comes. Throws if a process leaves the order (git log and git rev-list
 * walk a history the same way, so it would be a bug) or gives fewer commits than listed.
 */
export async function* readFromBothEnds(
  newest: GitStream,
  listing: HistoryListing | Promise<HistoryListing>,
  onListed?: (order: CommitOrder) => void,
): AsyncGenerator<MinedCommit> {
  interface End {
    readonly stream: GitStream;
    readonly commits: AsyncIterator<MinedCommit>;
    readonly positionOf: (taken: number, total: number) => number;
    taken: number;
  }
  type Event =
    | { readonly kind: 'read'; readonly end: End; readonly result: IteratorResult<MinedCommit> }
    | { readonly kind: 'listed'; readonly listing: HistoryListing }
    | { readonly kind: 'failed'; readonly end: End | null; readonly error: unknown };
  // What has settled waits here for the loop, which waits on one promise at a time: a Promise.race over the ends
  // would leave a reaction on a slow end's pending read for every faster read, keeping each commit read meanwhile
  // reachable until the slow one settles (a million-commit scan grew by hundreds of MB that way).
  const events: Event[] = [];
  let wake: (() => void) | null = null;
  const post = (event: Event): void => {
    events.push(event);
    const w = wake;
    wake = null;
    w?.();
  };
  const nextEvent = async (): Promise<Event> => {
    while (events.length === 0)
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    return events.shift()!;
  };
  const open = (stream: GitStream, positionOf: End['positionOf']): End => ({
    stream,
    commits: parseCommitStream(stream)[Symbol.asyncIterator](),
    positionOf,
    taken: 0,
  });
  const ask = (end: End): void => {
    end.commits.next().then(
      (result) => post({ kind: 'read', end, result }),
      (error: unknown) => post({ kind: 'failed', end, error }),
    );
  };
  const close = async (end: End): Promise<void> => {
    end.stream.stop();
    // Waits for a read under way (it ends with the stopped stream); what it gives is ignored.
    await end.commits.return?.(undefined).catch(() => undefined);
  };
  const outOfOrder = (sha: string, expected: string): TpoError =>
    new TpoError(
      'GitFailed',
      `git listed the history in two different orders (${sha.slice(0, 12)} where ${expected.slice(0, 12)} was expected); please report it.`,
    );
  const ends = [open(newest, (k) => k)];
  let live = [...ends];
  ask(ends[0]!);
  let order: CommitOrder | null = null;
  // The newest-first end's commits read before the order came, checked when it comes.
  let early: string[] = [];
  Promise.resolve(listing).then(
    (value) => post({ kind: 'listed', listing: value }),
    (error: unknown) => post({ kind: 'failed', end: null, error }),
  );
  try {
    while (live.length > 0 || order === null) {
      const event = await nextEvent();
      if (event.kind === 'failed') {
        // A closed end's stopped stream may fail on its way out: that is not a failure of the read.
        if (event.end === null || live.includes(event.end)) throw event.error;
        continue;
      }
      if (event.kind === 'listed') {
        const known = event.listing.order;
        order = known;
        early.forEach((sha, k) => {
          if (sha !== known.shaAt(k)) throw outOfOrder(sha, known.shaAt(k));
        });
        early = [];
        onListed?.(known);
        if (event.listing.oldest) {
          const end = open(event.listing.oldest, (k, total) => total - 1 - k);
          ends.push(end);
          live.push(end);
          ask(end);
        }
        continue;
      }
      const { end, result } = event;
      if (!live.includes(end)) continue;
      const taken = ends.reduce((sum, e) => sum + e.taken, 0);
      if (result.done || (order !== null && taken >= order.total)) {
        // Its end of the history, or where the other end already read: this end is done.
        live = live.filter((e) => e !== end);
        await close(end);
        continue;
      }
      if (order === null) early.push(result.value.sha);
      else {
        const expected = order.shaAt(end.positionOf(end.taken, order.total));
        if (result.value.sha !== expected) throw outOfOrder(result.value.sha, expected);
      }
      end.taken += 1;
      ask(end);
      yield result.value;
    }
    const read = ends.reduce((sum, e) => sum + e.taken, 0);
    if (read !== order.total)
      throw new TpoError('GitFailed', `git gave ${read} of the ${order.total} commits of the history.`);
  } finally {
    for (const end of live) await close(end);
  }
}

/** The commits of a started commit list (startCommitList). */
export async function* parseCommitStream(stream: AsyncIterable<string>): AsyncGenerator<MinedCommit> {
  for await (const record of splitRecords(stream, RECORD)) {
    if (record.length === 0) continue;
    yield parseCommitRecord(record);
  }
}

/** The diffs of the first-parent merges reachable from `head` and not from `exclude`, against their first parent. */
export async function* mineMergeDiffs(
  gitDir: string,
  head: string,
  exclude: readonly string[] = [],
): AsyncGenerator<MergeDiff> {
  yield* parseMergeStream(startMergeDiffs(gitDir, head, exclude));
}

/** Starts git on mineMergeDiffs's work now; parseMergeStream reads it. */
export function startMergeDiffs(gitDir: string, head: string, exclude: readonly string[] = []): GitStream {
  const args = [
    'log',
    '--first-parent',
    '--merges',
    '--diff-merges=first-parent',
    ...DIFF_ARGS,
    `--format=${RECORD}%H${FIELD}`,
    ...rangeArgs(head, exclude),
  ];
  return startGitStream(args, { gitDir });
}

/** The merge diffs of a started merge read (startMergeDiffs). */
export async function* parseMergeStream(stream: AsyncIterable<string>): AsyncGenerator<MergeDiff> {
  for await (const record of splitRecords(stream, RECORD)) {
    if (record.length === 0) continue;
    const end = record.indexOf(FIELD);
    yield { sha: record.slice(0, end), changes: parseDiff(record.slice(end + 1).replace(/^\0/, '')) };
  }
}

/** Drops the field separator (and NUL, newline) that end a record without a diff. */
function stripRecordEnd(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === '\n' || text[end - 1] === '\0' || text[end - 1] === FIELD)) end -= 1;
  return text.slice(0, end);
}

export function parseCommitRecord(
  record: string,
  parse: (diff: string) => FileChange[] = parseDiff,
): MinedCommit {
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i < 6; i += 1) {
    const end = record.indexOf(FIELD, start);
    fields.push(record.slice(start, end));
    start = end + 1;
  }
  const messageEnd = record.indexOf(`${FIELD}\0`, start);
  const hasDiff = messageEnd !== -1;
  const message = hasDiff ? record.slice(start, messageEnd) : stripRecordEnd(record.slice(start));
  const [sha = '', parents = '', authorName = '', authorEmail = '', authorTime = '0', commitTime = '0'] =
    fields;
  return {
    sha,
    parents: parents === '' ? [] : parents.split(' '),
    authorName,
    authorEmail,
    authorTime: Number(authorTime),
    commitTime: Number(commitTime),
    message: message.replace(/\n+$/, ''),
    changes: hasDiff ? parse(record.slice(messageEnd + 2)) : [],
  };
}

interface RawEntry {
  status: ChangeStatus;
  path: string;
  oldPath: string | null;
  gitlink: boolean;
  oldBlob: string | null;
  newBlob: string | null;
}

/** A file change with the blobs before and after (null where the file does not exist on that side). */
export interface FileChangeWithBlobs extends FileChange {
  readonly oldBlob: string | null;
  readonly newBlob: string | null;
}

const NULL_BLOB = /^0+$/;

/**
 * Parses the `--raw --numstat -z` part of a log record: raw entries (status, modes) first, then numstat entries
 * (line counts) for the same files in the same order. Submodules (gitlinks) are dropped: they are not files.
 */
export function parseDiff(text: string): FileChange[] {
  return readDiff(text, false);
}

/** Like parseDiff, keeping each change's blobs (from the raw entries, so `--no-abbrev` must be given). */
export function parseDiffWithBlobs(text: string): FileChangeWithBlobs[] {
  return readDiff(text, true) as FileChangeWithBlobs[];
}

/**
 * The changes of a diff, with their blobs when `withBlobs` (a scan reads history without them: a million commits'
 * blob ids are work and memory it has no use for).
 */
function readDiff(text: string, withBlobs: boolean): FileChange[] {
  const tokens = text.replace(/^\n+/, '').split('\0');
  const raw: RawEntry[] = [];
  let i = 0;
  while (i < tokens.length && tokens[i]!.startsWith(':')) {
    const meta = tokens[i]!;
    // ":100644 100644 <old blob> <new blob> R086"
    const parts = meta.slice(1).split(' ');
    const letter = (parts[4] ?? 'M').charAt(0) as ChangeStatus;
    const gitlink = parts[0] === GITLINK_MODE || parts[1] === GITLINK_MODE;
    const oldBlob = !withBlobs || parts[2] === undefined || NULL_BLOB.test(parts[2]) ? null : parts[2];
    const newBlob = !withBlobs || parts[3] === undefined || NULL_BLOB.test(parts[3]) ? null : parts[3];
    if (letter === 'R' || letter === 'C') {
      raw.push({
        status: letter,
        oldPath: tokens[i + 1] ?? '',
        path: tokens[i + 2] ?? '',
        gitlink,
        oldBlob,
        newBlob,
      });
      i += 3;
    } else {
      raw.push({ status: letter, oldPath: null, path: tokens[i + 1] ?? '', gitlink, oldBlob, newBlob });
      i += 2;
    }
  }
  const counts = new Map<string, { added: number | null; deleted: number | null }>();
  while (i < tokens.length) {
    const token = tokens[i]!;
    const tab1 = token.indexOf('\t');
    if (tab1 === -1) {
      i += 1;
      continue;
    }
    const tab2 = token.indexOf('\t', tab1 + 1);
    const addedText = token.slice(0, tab1);
    const deletedText = token.slice(tab1 + 1, tab2);
    let path = token.slice(tab2 + 1);
    if (path === '') {
      path = tokens[i + 2] ?? '';
      i += 3;
    } else {
      i += 1;
    }
    counts.set(path, {
      added: addedText === '-' ? null : Number(addedText),
      deleted: deletedText === '-' ? null : Number(deletedText),
    });
  }
  const changes: FileChange[] = [];
  for (const entry of raw) {
    if (entry.gitlink) continue;
    const count = counts.get(entry.path);
    const change: FileChange = {
      path: entry.path,
      oldPath: entry.oldPath,
      status: entry.status,
      added: count ? count.added : null,
      deleted: count ? count.deleted : null,
    };
    if (withBlobs) {
      const withBlob: FileChangeWithBlobs = { ...change, oldBlob: entry.oldBlob, newBlob: entry.newBlob };
      changes.push(withBlob);
    } else changes.push(change);
  }
  return changes;
}

/** A first-parent change set straight from git: the commit, and its diff against its first parent. */
export interface FirstParentChangeSet extends MinedCommit {
  readonly changes: readonly FileChangeWithBlobs[];
  /** Position on the first-parent line, 0 for the oldest. */
  readonly seq: number;
}

/**
 * The first-parent line of `head`, oldest first, each commit with its diff against its first parent (the root
 * against the empty tree): one `git log` process, streamed. Renames are detected (`-M`), submodules dropped.
 */
export async function* mineFirstParentHistory(
  gitDir: string,
  head: string,
): AsyncGenerator<FirstParentChangeSet> {
  const args = [
    'log',
    '--first-parent',
    '--diff-merges=first-parent',
    '--reverse',
    '--root',
    ...DIFF_ARGS,
    COMMIT_FORMAT,
    head,
    '--',
  ];
  let seq = 0;
  for await (const record of splitRecords(streamGit(args, { gitDir }), RECORD)) {
    if (record.length === 0) continue;
    const commit = parseCommitRecord(record, parseDiffWithBlobs);
    yield { ...commit, changes: commit.changes as FileChangeWithBlobs[], seq };
    seq += 1;
  }
}
