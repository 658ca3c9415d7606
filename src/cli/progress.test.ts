import { describe, expect, it } from 'vitest';
import { createReadingProgress, type Progress, type ProgressReporter } from './progress.js';

/** A reporter that writes down what it is told, and how many were made. */
function recorder(): { made: () => number; log: string[]; create: () => ProgressReporter } {
  const log: string[] = [];
  let made = 0;
  return {
    log,
    made: () => made,
    create: () => {
      made += 1;
      const id = made;
      return {
        update: (p: Progress) => log.push(`${id} ${p.phase} ${p.done}/${String(p.total)}`),
        stop: () => log.push(`${id} stop`),
      };
    },
  };
}

describe('progress of the work a reading command does before answering', () => {
  it('stays quiet in a log for work that ends within the quiet time, and speaks after it', () => {
    let t = 1000;
    const r = recorder();
    const progress = createReadingProgress({
      isTerminal: false,
      quietMs: 2000,
      now: () => t,
      createReporter: r.create,
    });
    progress.update({ phase: 'fitting', done: 0, total: 100 });
    t = 2999;
    progress.update({ phase: 'fitting', done: 40, total: 100 });
    expect(r.made()).toBe(0);
    t = 3000;
    progress.update({ phase: 'fitting', done: 60, total: 100 });
    progress.update({ phase: 'fitting', done: 100, total: 100 });
    progress.stop();
    expect(r.log).toEqual(['1 fitting 60/100', '1 fitting 100/100', '1 stop']);
  });

  it('draws on a terminal at once, and takes each piece of work down when it ends', () => {
    const r = recorder();
    const progress = createReadingProgress({ isTerminal: true, now: () => 0, createReporter: r.create });
    progress.update({ phase: 'history', done: 5, total: 10 });
    progress.update({ phase: 'saving', done: 3, total: 3 });
    progress.update({ phase: 'fitting', done: 0, total: 10 });
    progress.update({ phase: 'fitting', done: 10, total: 10 });
    progress.stop();
    expect(r.log).toEqual([
      '1 history 5/10',
      '1 saving 3/3',
      '1 stop',
      '2 fitting 0/10',
      '2 fitting 10/10',
      '2 stop',
    ]);
  });
});
