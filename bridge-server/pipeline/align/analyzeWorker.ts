/**
 * Worker side of analyzeTakes: analyses the takes it was given and hands the results back to the waiting
 * align stage (core/syncWorker; after a failure the stage analyses those takes itself).
 */
import { workerData } from 'node:worker_threads';
import { finishSyncJob } from '../../core/syncWorker';
import { analyzeJob, type TakeJob } from './analyzeTakes';

finishSyncJob(workerData, (jobs: TakeJob[]) => jobs.map(analyzeJob));
