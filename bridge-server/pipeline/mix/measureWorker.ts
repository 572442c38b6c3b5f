/** Worker side of measureOnWorker: one read-only measurement of shared audio. */
import { workerData } from 'node:worker_threads';
import { finishSyncJob } from '../../core/syncWorker';
import { runMeasureTask } from './measureOnWorker';

finishSyncJob(workerData, runMeasureTask);
