/**
 * The line a command prints on stderr when it answers from a scan older than HEAD (the stored code model is right
 * for the scanned commit, not for the work tree).
 * @example
 * staleScanNotice('1f0c2d3...', '9a8b7c6...');
 * // 'tpo: notice: answered from the scan of 1f0c2d3; HEAD is now 9a8b7c6: run "tpo scan" to read the newer commits\n'
 */
export function staleScanNotice(scanned: string, head: string): string {
  return `tpo: notice: answered from the scan of ${scanned.slice(0, 7)}; HEAD is now ${head.slice(0, 7)}: run "tpo scan" to read the newer commits\n`;
}
