/**
 * The worker thread of `measureBlobsInWorker`: measures the blobs it is given and posts the result (or the error,
 * with its TpoError code) back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isTpoError } from '../domain/index.js';
import { measureBlobs, type BlobsToMeasure, type MeasureWorkerMessage } from './measure-blobs.js';

const port = parentPort!;
const post = (message: MeasureWorkerMessage): void => port.postMessage(message);

try {
  const measured = await measureBlobs(workerData as BlobsToMeasure, (done, total) =>
    post({ kind: 'progress', done, total }),
  );
  post({ kind: 'done', fresh: measured.fresh, configText: [...measured.configText] });
} catch (error) {
  post({
    kind: 'failed',
    message: error instanceof Error ? error.message : String(error),
    code: isTpoError(error) ? error.code : null,
    context: isTpoError(error) ? { ...error.context } : {},
  });
}
