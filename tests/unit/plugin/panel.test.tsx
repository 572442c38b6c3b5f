/**
 * @jest-environment jsdom
 */
/**
 * Component tests of the panel (Testing Library, jsdom) against a real `foley serve`: pairing, presets,
 * generate, plan edit and marker batch, all through the same React tree the browser host and UXP use.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { BridgeClient, type TokenStore } from '../../../plugin/bridge/bridgeClient';
import { BrowserHost } from '../../../plugin/hosts/browser/browserHost';
import { SimulatedSequence, type SceneInput } from '../../../plugin/hosts/browser/simulatedSequence';
import { App } from '../../../plugin/ui/App';
import { PanelStore } from '../../../plugin/ui/panelStore';
import type { FoleyPlan } from '../../../bridge-server/contracts/plan';
import { lavfiClip } from '../../helpers/mediaFixtures';
import { startRealBridge, type RealBridge } from '../../e2e/helpers/realBridge';

let bridgeServer: RealBridge;
let videoPath: string;
let token: string | null = null;
const tokens: TokenStore = { load: () => token, save: (t) => (token = t) };

beforeAll(async () => {
  videoPath = await lavfiClip({ num: 25, den: 1 }, 6);
  bridgeServer = await startRealBridge('http://localhost');
}, 60000);
afterAll(async () => {
  await bridgeServer?.stop();
});
// job events arrive over the socket, outside React's act(); the assertions wait for them with waitFor
beforeEach(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
});
afterEach(() => cleanup());

function scene(): SceneInput {
  return {
    projectId: 'panel-test-project',
    sequence: { id: 'seq', name: 'Edit 1', fps: { num: 25, den: 1 } },
    clips: [
      { id: 'c1', name: 'walk', mediaPath: videoPath, sourceInFrame: 25, startFrame: 100, durationFrames: 75 },
      { id: 'c2', name: 'door', mediaPath: videoPath, sourceInFrame: 0, startFrame: 200, durationFrames: 50 },
    ],
    markers: [
      { id: 'k1', comments: 'SFX: knock', startFrame: 110, colorIndex: 0 },
      { id: 'k2', comments: 'SFX: glass shatters', startFrame: 130, colorIndex: 1 },
      { id: 'k3', comments: 'note to self', startFrame: 140, colorIndex: 1 },
      { id: 'k4', name: 'SFX: door slam', startFrame: 210, colorIndex: 1 },
    ],
    audioTracks: [{ name: 'Dialogue' }],
  };
}

async function mountPanel(sceneInput: SceneInput = scene()) {
  const sequence = new SimulatedSequence(sceneInput);
  const bridge = new BridgeClient({ url: bridgeServer.url, clientName: 'panel test', tokens, backoffSec: [0.2] });
  const store = new PanelStore(bridge, new BrowserHost(sequence));
  render(<App store={store} mode="html" />);
  act(() => bridge.connect());
  return { sequence, bridge, store };
}

async function pairedPanel(sceneInput?: SceneInput) {
  const mounted = await mountPanel(sceneInput);
  if (!token) {
    await screen.findByTestId('pair-start');
    fireEvent.click(screen.getByTestId('pair-start'));
    const code = await bridgeServer.nextPairingCode();
    fireEvent.change(await screen.findByTestId('pair-code'), { target: { value: code } });
    fireEvent.click(screen.getByTestId('pair-confirm'));
  }
  await waitFor(() => expect(screen.getByTestId('connection').getAttribute('data-status')).toBe('ready'), { timeout: 10000 });
  return mounted;
}

test('pairing: a wrong code is shown as code + message, the right one connects and is remembered', async () => {
  const { bridge } = await mountPanel();
  await waitFor(() => expect(screen.getByTestId('connection-status').textContent).toBe('Not paired'));
  fireEvent.click(screen.getByTestId('pair-start'));
  const code = await bridgeServer.nextPairingCode();
  const wrong = code === '000000' ? '111111' : '000000';
  fireEvent.change(await screen.findByTestId('pair-code'), { target: { value: wrong } });
  fireEvent.click(screen.getByTestId('pair-confirm'));
  expect((await screen.findByRole('alert')).textContent).toContain('PAIR_CODE_WRONG');
  fireEvent.change(screen.getByTestId('pair-code'), { target: { value: code } });
  fireEvent.click(screen.getByTestId('pair-confirm'));
  await waitFor(() => expect(screen.getByTestId('connection-status').textContent).toMatch(/^Connected/));
  expect(token).toMatch(/.{16,}/);
  act(() => bridge.disconnect());
  cleanup();
  // a new panel session authenticates with the stored token, no pairing
  const again = await mountPanel();
  await waitFor(() => expect(screen.getByTestId('connection').getAttribute('data-status')).toBe('ready'));
  act(() => again.bridge.disconnect());
}, 30000);

test('presets: create, edit, duplicate, set default and delete, stored per project on the bridge', async () => {
  const { bridge } = await pairedPanel();
  fireEvent.click(screen.getByTestId('tab-presets'));
  await screen.findByTestId('preset-default');
  fireEvent.click(screen.getByTestId('preset-new'));
  fireEvent.change(screen.getByTestId('preset-name'), { target: { value: 'Street' } });
  fireEvent.change(screen.getByTestId('preset-lufs'), { target: { value: '-20' } });
  fireEvent.change(screen.getByTestId('preset-track'), { target: { value: 'FX' } });
  fireEvent.click(screen.getByTestId('preset-save'));
  await screen.findByTestId('preset-Street');
  let stored = await bridge.request('presets.get', { projectId: 'panel-test-project', name: 'Street' });
  expect(stored).toMatchObject({ factory: false, preset: { name: 'Street', targetLufs: -20, targetTrack: 'FX' } });

  fireEvent.click(screen.getByTestId('preset-edit-Street'));
  fireEvent.change(screen.getByTestId('preset-variations'), { target: { value: '5' } });
  fireEvent.click(screen.getByTestId('preset-autoinsert'));
  fireEvent.click(screen.getByTestId('preset-save'));
  await waitFor(async () => {
    stored = await bridge.request('presets.get', { projectId: 'panel-test-project', name: 'Street' });
    expect(stored.preset).toMatchObject({ variations: 5, autoInsert: true });
  });

  fireEvent.click(screen.getByTestId('preset-duplicate-Street'));
  await screen.findByTestId('preset-Street copy');
  fireEvent.click(screen.getByTestId('preset-default-Street copy'));
  await waitFor(() => expect(within(screen.getByTestId('preset-Street copy')).queryByText(/default/)).not.toBeNull());
  const listed = await bridge.request('presets.list', { projectId: 'panel-test-project' });
  expect(listed.defaultName).toBe('Street copy');

  fireEvent.click(screen.getByTestId('preset-delete-Street'));
  await waitFor(() => expect(screen.queryByTestId('preset-Street')).toBeNull());
  const after = await bridge.request('presets.list', { projectId: 'panel-test-project' });
  expect(after.presets.map((p) => p.preset.name)).not.toContain('Street');
  // another project does not see them
  const other = await bridge.request('presets.list', { projectId: 'another-project' });
  expect(other.presets.map((p) => p.preset.name)).not.toContain('Street copy');
  await bridge.request('presets.setDefault', { projectId: 'panel-test-project', name: 'default' });
  act(() => bridge.disconnect());
}, 30000);

test('generate: the selected clip is sent with its source range, timeline start, prompt, preset, variations and seed', async () => {
  const { bridge, sequence, store } = await pairedPanel();
  act(() => sequence.select(['c1']));
  await waitFor(() => expect(screen.getByTestId('selected-clips').textContent).toContain('walk'));
  fireEvent.change(screen.getByTestId('prompt'), { target: { value: 'sneakers on gravel' } });
  fireEvent.change(screen.getByTestId('variations'), { target: { value: '2' } });
  fireEvent.change(screen.getByTestId('seed'), { target: { value: '7' } });
  fireEvent.click(screen.getByTestId('generate'));
  await waitFor(() => expect(store.state.jobs.length).toBe(1));
  const job = store.state.jobs[0];
  expect(job?.label).toBe('Foley: walk');
  expect(job?.items[0]?.timelineStartSec).toBe(4); // frame 100 at 25 fps
  expect(job?.items[0]?.durationSec).toBe(3);
  const card = await screen.findByTestId(`job-${job?.jobId}`);
  expect(card.textContent).toMatch(/Queued|Starting|Reading media|Analysing|Planning|Generating|Aligning|Mixing|Writing|Done|Failed/);
  const detail = await bridge.request('jobs.get', { jobId: job?.jobId ?? '' });
  expect(detail).toMatchObject({ job: { kind: 'generate', batch: 'clip', label: 'walk', itemCount: 1 } });

  // the job ends and its mix lands on a new Foley track at the clip's frame, as one undo step
  await waitFor(() => expect(['done', 'failed']).toContain(card.getAttribute('data-status')), { timeout: 90000, interval: 200 });
  expect(card.querySelector('[role="alert"]')?.textContent ?? '').toBe('');
  expect(card.getAttribute('data-status')).toBe('done');
  fireEvent.click(within(card).getByTestId(`insert-${job?.jobId}`));
  await waitFor(() => expect(sequence.audioTracks.map((t) => t.name)).toEqual(['Dialogue', 'Foley']));
  const placed = sequence.audioTracks[1]?.items ?? [];
  expect(placed.map((i) => [i.startFrame, i.durationFrames])).toEqual([[100, 75]]);
  expect(placed[0]?.filePath).toBe(store.state.jobs[0]?.items[0]?.result?.files?.mix);
  expect(placed[0]?.filePath).toMatch(/foley\.wav$/);
  expect(sequence.undoStack.map((u) => u.label)).toEqual(['Place Foley: Foley: walk']);
  expect(await screen.findByTestId(`placement-${job?.jobId}`)).toHaveProperty('textContent', 'Placed 1 on audio track A2 (new track)');
  sequence.undo();
  expect(sequence.audioTracks.map((t) => t.name)).toEqual(['Dialogue']);
  act(() => bridge.disconnect());
}, 120000);

test('plan edit: toggle, retime and re-gain cues on the mini timeline, then render the edited plan', async () => {
  const { bridge, store } = await pairedPanel();
  const plan: FoleyPlan = {
    version: 1,
    clip: { path: videoPath, inSec: 1, outSec: 4, fps: { num: 25, den: 1 }, timelineStartSec: 4 },
    sampleRateHz: 48000,
    prompt: '',
    cues: [
      { id: 'c1', start: 0.4, kind: 'hit', sound: { class: 'footsteps', params: {} }, prompt: '', gainDb: 0, pan: 0, stem: 'steps', source: 'visual', confidence: 0.9, enabled: true },
      { id: 'c2', start: 1.2, kind: 'hit', sound: { class: 'footsteps', params: {} }, prompt: '', gainDb: 0, pan: 0, stem: 'steps', source: 'visual', confidence: 0.8, enabled: true },
    ],
  };
  act(() =>
    store.openPlan({
      clip: { id: 'c1', name: 'walk', mediaPath: videoPath, sourceInSec: 1, sourceOutSec: 4, timelineStartSec: 4, timelineEndSec: 7, trackIndex: 0 },
      plan,
      motion: [0, 0.2, 0.9, 0.1, 0.5],
      motionRateHz: 2,
      presetName: 'default',
      prompt: '',
      seed: 3,
    }),
  );
  const review = await screen.findByTestId('plan-review');
  expect(within(review).getByTestId('mini-timeline').querySelectorAll('line')).toHaveLength(2);
  fireEvent.click(screen.getByTestId('cue-enabled-c2'));
  const time = screen.getByLabelText('Time of c1');
  fireEvent.change(time, { target: { value: '0.52' } });
  fireEvent.blur(time);
  const gain = screen.getByLabelText('Gain of c1');
  fireEvent.change(gain, { target: { value: '-6' } });
  fireEvent.blur(gain);
  const cls = screen.getByLabelText('Class of c2');
  fireEvent.change(cls, { target: { value: 'knock' } });
  fireEvent.blur(cls);
  // out-of-range time is refused and the field restored
  const bad = screen.getByLabelText('Time of c2');
  fireEvent.change(bad, { target: { value: '9' } });
  fireEvent.blur(bad);
  const edited = store.state.plan?.plan.cues ?? [];
  expect(edited.map((c) => [c.id, c.enabled, c.start, c.gainDb, c.sound.class, c.source])).toEqual([
    ['c1', true, 0.52, -6, 'footsteps', 'user'],
    ['c2', false, 1.2, 0, 'knock', 'user'],
  ]);
  expect((bad as HTMLInputElement).value).toBe('1.200');
  expect(within(review).getByTestId('cue-mark-c2').getAttribute('opacity')).toBe('0.3');

  fireEvent.click(screen.getByTestId('render-plan'));
  await waitFor(() => expect(store.state.jobs.length).toBe(1));
  fireEvent.click(screen.getByTestId('cue-regenerate-c1'));
  await waitFor(() => expect(store.state.jobs.length).toBe(2));
  expect(store.state.jobs[0]?.label).toBe('Regenerate c1: walk');
  expect(store.state.plan?.plan.cues[0]?.seed).toBe(1);
  expect(store.state.lastError).toBeNull();
  act(() => bridge.disconnect());
}, 30000);

test('marker batch: filter by colour and prefix, one job with one item per marker', async () => {
  const { bridge, store } = await pairedPanel();
  fireEvent.click(screen.getByTestId('tab-markers'));
  const list = await screen.findByTestId('marker-list');
  await waitFor(() => expect(within(list).queryAllByTestId(/^marker-k/)).toHaveLength(3));
  expect(within(list).queryByTestId('marker-k3')).toBeNull(); // no SFX: prefix
  fireEvent.change(screen.getByTestId('marker-color'), { target: { value: '1' } }); // red only
  await waitFor(() => expect(within(list).queryAllByTestId(/^marker-k/).map((e) => e.getAttribute('data-testid'))).toEqual(['marker-k2', 'marker-k4']));
  fireEvent.change(screen.getByTestId('marker-color'), { target: { value: 'any' } });
  await waitFor(() => expect(within(list).queryAllByTestId(/^marker-k/)).toHaveLength(3));
  fireEvent.click(screen.getByTestId('generate-markers'));
  await waitFor(() => expect(store.state.markerJobId).not.toBeNull());
  const job = store.state.jobs.find((j) => j.jobId === store.state.markerJobId);
  expect(job?.items.map((i) => [i.label, i.timelineStartSec, i.markerId])).toEqual([
    ['knock', 4.4, 'k1'],
    ['glass shatters', 5.2, 'k2'],
    ['door slam', 8.4, 'k4'],
  ]);
  const detail = await bridge.request('jobs.get', { jobId: job?.jobId ?? '' });
  expect(detail.job).toMatchObject({ batch: 'markers', itemCount: 3 });
  expect(detail.job.items.map((i) => i.label)).toEqual(['knock', 'glass shatters', 'door slam']);
  act(() => bridge.disconnect());
}, 30000);

test('plan first: the bridge plans the selected clip, the review shows its cues over the motion curve, the edit renders', async () => {
  const { bridge, sequence, store } = await pairedPanel();
  act(() => sequence.select(['c1']));
  await waitFor(() => expect(screen.getByTestId('selected-clips').textContent).toContain('walk'));
  fireEvent.change(screen.getByTestId('prompt'), { target: { value: 'footsteps on wood, a door knock, a phone rings' } });
  fireEvent.click(screen.getByTestId('plan'));
  await waitFor(() => expect(store.state.jobs[0]?.kind).toBe('plan'));
  const planJob = store.state.jobs[0];
  await waitFor(() => expect(['done', 'failed']).toContain(store.state.jobs.find((j) => j.jobId === planJob?.jobId)?.status), { timeout: 90000, interval: 200 });
  const review = await screen.findByTestId('plan-review');
  const plan = store.state.plan?.plan;
  expect(plan?.clip).toMatchObject({ inSec: 1, outSec: 4 });
  expect(plan?.cues.length).toBeGreaterThan(0);
  expect(within(review).getByTestId('mini-timeline').querySelectorAll('line')).toHaveLength(plan?.cues.length ?? -1);
  // the motion curve of the analysed range is drawn under the cues
  expect(store.state.plan?.motion.length).toBeGreaterThan(1);
  expect(store.state.plan?.motionRateHz).toBeGreaterThan(0);
  expect(within(review).getByTestId('mini-timeline').querySelector('polyline')).not.toBeNull();
  // what the catalogue cannot play is said, not silently dropped
  expect(within(review).getByTestId('plan-notices').textContent).toContain("no sound in the catalogue for 'phone rings'");
  const first = plan?.cues[0];
  fireEvent.click(screen.getByTestId(`cue-enabled-${first?.id}`));
  expect(store.state.plan?.plan.cues[0]?.enabled).toBe(!first?.enabled);
  fireEvent.click(screen.getByTestId('render-plan'));
  await waitFor(() => expect(store.state.jobs[0]?.kind).toBe('generate'));
  const renderJob = store.state.jobs[0];
  await waitFor(() => expect(store.state.jobs.find((j) => j.jobId === renderJob?.jobId)?.status).toBe('done'), { timeout: 90000, interval: 200 });
  const rendered = store.state.jobs.find((j) => j.jobId === renderJob?.jobId)?.items[0]?.result;
  expect(rendered?.plan.cues.find((c) => c.id === first?.id)?.enabled).toBe(!first?.enabled);
  expect(rendered?.files?.mix).toMatch(/foley\.wav$/);
  act(() => bridge.disconnect());
}, 200000);
