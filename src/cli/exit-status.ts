/**
 * The exit status a command asks for without failing (a CI gate such as `tpo review --fail-on`): main() returns it
 * once the command has finished and printed its output.
 */
let requested = 0;

/** Exit status of a failed gate: the command ran and printed its findings, and they are at or above the limit. */
export const GATE_FAILED = 1;

export function requestExitStatus(status: number): void {
  requested = Math.max(requested, status);
}

/** The status asked for since the last call, then back to 0. */
export function takeExitStatus(): number {
  const status = requested;
  requested = 0;
  return status;
}
