/** Jobs with their stage and progress, failures as code + message, finished results with Insert. */
import type { JobView } from './panelStore';
import { usePanelState, usePanelStore } from './usePanel';
import { Button, ErrorLine, Heading, Progress } from './widgets';

const STAGE_LABELS: Readonly<Record<string, string>> = Object.freeze({
  media: 'Reading media',
  analyze: 'Analysing picture',
  plan: 'Planning cues',
  generate: 'Generating sounds',
  align: 'Aligning to frames',
  mix: 'Mixing',
  deliver: 'Writing files',
});

export function stageLabel(job: Pick<JobView, 'status' | 'stage'>): string {
  if (job.status === 'queued') return 'Queued';
  if (job.status === 'done') return 'Done';
  if (job.status === 'failed') return 'Failed';
  if (job.status === 'cancelled') return 'Cancelled';
  return job.stage ? (STAGE_LABELS[job.stage] ?? job.stage) : 'Starting';
}

export function JobCard({ job }: { job: JobView }) {
  const store = usePanelStore();
  const finishedFiles = job.items.filter((i) => i.status === 'done' && i.result?.files && !i.placed).length;
  const failedItems = job.items.filter((i) => i.status === 'failed' || i.status === 'cancelled');
  return (
    <div className="fb-job" data-testid={`job-${job.jobId}`} data-status={job.status}>
      <div className="fb-row fb-spread">
        <strong>{job.label}</strong>
        <span className="fb-hint">{job.presetName}</span>
      </div>
      <Progress label={stageLabel(job)} value={job.fraction} testId={`job-progress-${job.jobId}`} />
      {job.batch === 'markers' ? null : job.items.map((i) => <ErrorLine key={i.itemId} error={i.error} />)}
      {job.status === 'failed' && (job.batch === 'markers' || !job.items.some((i) => i.error)) ? <ErrorLine error={job.error} /> : null}
      <div className="fb-row">
        {job.kind === 'generate' && finishedFiles > 0 ? (
          <Button variant="primary" onClick={() => void store.insertResults(job.jobId)} testId={`insert-${job.jobId}`}>
            {job.batch === 'markers' ? `Place all (${finishedFiles})` : 'Insert'}
          </Button>
        ) : null}
        {job.status === 'running' || job.status === 'queued' ? (
          <Button quiet onClick={() => void store.cancelJob(job.jobId)}>
            Cancel
          </Button>
        ) : null}
        {failedItems.length > 0 && job.status !== 'running' && job.status !== 'queued' ? (
          <Button onClick={() => void store.retryFailed(job.jobId)} testId={`retry-${job.jobId}`}>
            Retry failed ({failedItems.length})
          </Button>
        ) : null}
      </div>
      {job.placement ? (
        <p className="fb-hint" data-testid={`placement-${job.jobId}`}>
          Placed {job.placement.placed} on audio track A{job.placement.trackIndex + 1}
          {job.placement.createdTrack ? ' (new track)' : ''}
          {job.placement.failed.length > 0 ? ` · ${job.placement.failed.length} did not land: ${job.placement.failed.map((f) => f.reason).join('; ')}` : ''}
        </p>
      ) : null}
    </div>
  );
}

export function JobList() {
  const { jobs } = usePanelState();
  return (
    <section className="fb-jobs" data-testid="jobs">
      <Heading>Jobs</Heading>
      {jobs.length === 0 ? <p className="fb-hint">No jobs yet.</p> : null}
      {jobs.map((job) => (
        <JobCard key={job.jobId} job={job} />
      ))}
    </section>
  );
}
