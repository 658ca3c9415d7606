/**
 * Writing an item in the person's own editor: a temp file opened with $VISUAL or $EDITOR (as git does, through
 * the shell so "code --wait" works, with the file passed as an argument, never pasted into the command).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isTpoError, TpoError } from '../domain/index.js';

export function getEditorCommand(): string {
  return process.env.VISUAL || process.env.EDITOR || 'vi';
}

/** True when a person is at a terminal (so opening an editor makes sense). */
export function isInteractive(): boolean {
  return process.stdin.isTTY === true && process.stdout.isTTY === true;
}

export interface EditorSession<T> {
  /** What to write in the file first. */
  readonly initial: string;
  /** File name (shown in the editor's title bar); the suffix picks the syntax highlighting. */
  readonly name: string;
  /** Reads the saved text back; throws TpoError('Invalid') naming the line of a mistake. */
  readonly parse: (text: string, file: string) => T;
}

function openEditor(file: string): void {
  const editor = getEditorCommand();
  const result = spawnSync('sh', ['-c', `${editor} "$1"`, editor, file], {
    stdio: 'inherit',
  });
  if (result.error || result.status !== 0)
    throw new TpoError(
      'Invalid',
      `the editor "${editor}" ${result.error ? `could not start (${result.error.message})` : `exited with status ${result.status ?? 'unknown'}`}; nothing was saved (set $EDITOR to your editor)`,
      { editor },
    );
}

/**
 * Opens the editor on `initial`, parses what was saved, and on a mistake opens it again with the error at the
 * top when a person is at the terminal (up to 5 times); otherwise refuses with the error. On success the
 * temp file is deleted; `use` runs before that, so a failure there (a conflict) can keep the person's text.
 */
export async function editInEditor<T, R>(
  session: EditorSession<T>,
  use: (value: T, file: string) => Promise<R>,
): Promise<R> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tpo-edit-'));
  const file = path.join(dir, session.name);
  writeFileSync(file, session.initial);
  let keep = false;
  try {
    for (let attempt = 1; ; attempt += 1) {
      openEditor(file);
      const text = readFileSync(file, 'utf8');
      try {
        const value = session.parse(text, file);
        return await use(value, file);
      } catch (error) {
        if (isTpoError(error) && error.code === 'Conflict') {
          keep = true;
          throw new TpoError('Conflict', `${error.message}; your text is kept in ${file}`, {
            ...error.context,
            file,
          });
        }
        if (!isTpoError(error) || error.code !== 'Invalid' || !isInteractive() || attempt >= 5) {
          if (isTpoError(error) && error.code === 'Invalid') keep = true;
          throw isTpoError(error) && error.code === 'Invalid'
            ? new TpoError('Invalid', `${error.message} (your text is kept in ${file})`, {
                ...error.context,
                file,
              })
            : error;
        }
        // Show the mistake inside the front matter (a YAML comment) and let the person fix it.
        const note = `# tpo: ${error.message.replace(/\s+/g, ' ')}\n`;
        const cleaned = text.replace(/^# tpo: .*\n/m, '');
        writeFileSync(
          file,
          cleaned.startsWith('---\n') ? `---\n${note}${cleaned.slice(4)}` : `${note}${cleaned}`,
        );
      }
    }
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}
