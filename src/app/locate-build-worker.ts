/**
 * The worker thread of `buildLocatorInWorker`: builds the model it is asked for and posts it back encoded as the
 * store keeps it (or the error, with its TpoError code).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isTpoError } from '../domain/index.js';
import {
  buildLocatorFromGit,
  encodeBuilt,
  type BuildWorkerInput,
  type BuildWorkerMessage,
} from './locate-build.js';

const port = parentPort!;
const post = (message: BuildWorkerMessage): void => port.postMessage(message);
const input = workerData as BuildWorkerInput;

try {
  post(encodeBuilt(await buildLocatorFromGit(input.gitDir, input.commit, input.fits)));
} catch (error) {
  post({
    kind: 'failed',
    message: error instanceof Error ? error.message : String(error),
    code: isTpoError(error) ? error.code : null,
  });
}
