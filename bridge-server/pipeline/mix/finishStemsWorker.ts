/** Worker side of startFinishingStems: gains and measures its stems in place (shared buffers). */
import { workerData } from 'node:worker_threads';
import { finishSyncJob } from '../../core/syncWorker';
import { finishStemJobs } from './finishStems';

finishSyncJob(workerData, finishStemJobs);
