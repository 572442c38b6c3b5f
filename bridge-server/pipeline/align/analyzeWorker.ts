/**
 * Worker side of analyzeTakes: analyses takes of its share, claiming each one first, and hands the results
 * back to the waiting align stage (core/syncWorker; a take it did not deliver is analysed by the stage).
 */
import { workerData } from 'node:worker_threads';
import { finishSyncJob } from '../../core/syncWorker';
import { analyzeClaimedFromFront, type SharedTakeJobs } from './analyzeTakes';

finishSyncJob(workerData, (shared: SharedTakeJobs) => analyzeClaimedFromFront(shared));
