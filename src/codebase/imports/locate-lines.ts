/** Turns character offsets of a text into 1-based line numbers; the line table is built on first use. */
export type LineLocator = (offset: number) => number;

/** A locator for `text`, whose first character is on line `firstLine`. */
export function createLineLocator(text: string, firstLine = 1): LineLocator {
  let starts: number[] | undefined;
  return (offset) => {
    if (starts === undefined) {
      starts = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + firstLine;
  };
}
