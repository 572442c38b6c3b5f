/** One valid example of every request op (without id/op), used by the conformance and auth tests. */
import type { RequestOp } from '../../../bridge-server/protocol';

export const EXAMPLE_PRESET = { name: 'my-steps', variations: 2, targetLufs: -20 };

export const EXAMPLE_REQUESTS: Record<RequestOp, Record<string, unknown>> = {
  hello: { protocolVersion: 1, client: { name: 'test' } },
  'pair.request': { clientName: 'test' },
  'pair.confirm': { code: '123456' },
  auth: { token: 'abc' },
  generate: { projectId: 'proj-1', items: [{ videoPath: null, durationSec: 1, prompt: 'a door knock' }] },
  plan: { projectId: 'proj-1', item: { videoPath: null, durationSec: 1, prompt: 'footsteps on gravel' } },
  cancel: { jobId: 'job-unknown' },
  'jobs.list': {},
  'jobs.get': { jobId: 'job-unknown' },
  'jobs.retry': { jobId: 'job-unknown' },
  'presets.list': { projectId: 'proj-1' },
  'presets.get': { projectId: 'proj-1', name: 'default' },
  'presets.save': { projectId: 'proj-1', preset: EXAMPLE_PRESET },
  'presets.delete': { projectId: 'proj-1', name: 'nope' },
  'presets.export': { projectId: 'proj-1' },
  'presets.import': { projectId: 'proj-2', document: { format: 'foley-presets', version: 1, presets: [EXAMPLE_PRESET] } },
  'presets.setDefault': { projectId: 'proj-1', name: 'broadcast-us' },
  models: {},
  health: {},
};
