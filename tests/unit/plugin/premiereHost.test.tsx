/**
 * The Premiere adapter against an in-memory Premiere typed by the official @adobe/premierepro
 * declarations (fakePremiere.tsx). Real WAV files on disk (import checks existence, P1).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PremiereHost, normalizeMediaPath } from '../../../plugin/hosts/premiere/premiereHost';
import { FakePremiere, type FakeOptions } from './fakePremiere';

const TPF_23976 = 10594584000n; // ticks per frame at 24000/1001

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fb-ppro-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function wav(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, Buffer.from('RIFF0000WAVE'));
  return path;
}

function world(overrides: Partial<FakeOptions> = {}): FakePremiere {
  return new FakePremiere({
    ticksPerFrame: TPF_23976,
    audioTracks: ['Dialogue', 'Music'],
    clips: [
      { name: 'walk.mov', mediaPath: '/media/walk.mov', startFrame: 48, durationFrames: 120, inFrame: 24, videoTrack: 0, linkedAudio: true, selected: true },
      { name: 'door.mov', mediaPath: '/media/door.mov', startFrame: 300, durationFrames: 72, inFrame: 0, videoTrack: 1, linkedAudio: false, selected: true },
      { name: 'bg.mov', mediaPath: '/media/bg.mov', startFrame: 0, durationFrames: 1000, inFrame: 0, videoTrack: 0, selected: false },
    ],
    markers: [
      { name: 'm1', comments: 'SFX: glass shatters', startFrame: 240, colorIndex: 1 },
      { name: 'm0', comments: 'SFX: knock', startFrame: 96, colorIndex: 0 },
    ],
    ...overrides,
  });
}

const sec = (frame: number) => (frame * 1001) / 24000;

describe('PremiereHost reading', () => {
  test('project id, sequence and its exact frame rate (26.2+ settings and the older timebase)', async () => {
    const host = new PremiereHost({ ppro: world().api });
    expect(await host.getProjectId()).toBe('project-guid-1');
    expect(await host.getSequence()).toEqual({ id: 'seq-guid-1', name: 'Sequence 01', fps: { num: 24000, den: 1001 } });
    const legacy = new PremiereHost({ ppro: world({ legacyTimebase: true }).api });
    expect((await legacy.getSequence())?.fps).toEqual({ num: 24000, den: 1001 });
  });

  test('selected linked audio/video count once, with times in seconds from exact ticks', async () => {
    const clips = await new PremiereHost({ ppro: world().api }).getSelectedClips();
    expect(clips.map((c) => c.name)).toEqual(['walk.mov', 'door.mov']);
    const walk = clips[0];
    expect(walk?.mediaPath).toBe('/media/walk.mov');
    expect(walk?.timelineStartSec).toBeCloseTo(sec(48), 12);
    expect(walk?.timelineEndSec).toBeCloseTo(sec(168), 12);
    expect(walk?.sourceInSec).toBeCloseTo(sec(24), 12);
    expect(walk?.sourceOutSec).toBeCloseTo(sec(144), 12);
    expect(walk?.trackIndex).toBe(0);
    expect(clips[1]?.trackIndex).toBe(1);
  });

  test('markers in time order with seconds and colour names', async () => {
    const markers = await new PremiereHost({ ppro: world().api }).getMarkers();
    expect(markers.map((m) => [m.comments, m.colorName, m.id])).toEqual([
      ['SFX: knock', 'green', 'marker-2'],
      ['SFX: glass shatters', 'red', 'marker-1'],
    ]);
    expect(markers[0]?.startSec).toBeCloseTo(sec(96), 12);
  });

  test('the clip under a time is the topmost video track', async () => {
    const host = new PremiereHost({ ppro: world().api });
    expect((await host.getClipAt(sec(310)))?.name).toBe('door.mov');
    expect((await host.getClipAt(sec(200)))?.name).toBe('bg.mov');
    expect(await host.getClipAt(sec(2000))).toBeNull();
  });
});

describe('PremiereHost placement', () => {
  test('a new track is created the documented way, every result lands at its exact tick, one undo removes all', async () => {
    const fake = world();
    const host = new PremiereHost({ ppro: fake.api, pathExists: async (p) => p.startsWith(dir) });
    const paths = [wav('a.wav'), wav('b.wav'), wav('c.wav')];
    const report = await host.placeResults({
      items: [
        { key: 'm2', filePath: paths[1] ?? '', timelineStartSec: sec(240) },
        { key: 'm1', filePath: paths[0] ?? '', timelineStartSec: sec(96) },
        // a pipeline time a third of a frame late still snaps to frame 400
        { key: 'm3', filePath: paths[2] ?? '', timelineStartSec: sec(400) + sec(1) / 3 },
      ],
      trackName: 'Foley',
      undoLabel: 'Place Foley for 3 markers',
    });
    expect(report.failed).toEqual([]);
    expect(report.createdTrack).toBe(true);
    expect(report.trackIndex).toBe(2);
    expect(report.placed.map((p) => p.key).sort()).toEqual(['m1', 'm2', 'm3']);
    const starts = fake.audio[2]?.items.map((i) => i.startTicks).sort((a, b) => (a < b ? -1 : 1));
    expect(starts).toEqual([96n * TPF_23976, 240n * TPF_23976, 400n * TPF_23976]);
    // dialogue/music untouched (no ripple), the Foley bin holds the imports
    expect(fake.audio[0]?.items.map((i) => i.startTicks)).toEqual([48n * TPF_23976]);
    expect(fake.audio[1]?.items).toEqual([]);
    expect(fake.importedPaths.sort()).toEqual([...paths].sort());
    // bin creation + one placement transaction; the last undo entry is the whole placement
    expect(fake.undoStack.map((u) => u.label)).toEqual(['Create Foley bin', 'Place Foley for 3 markers']);
    expect(fake.undo()).toBe('Place Foley for 3 markers');
    expect(fake.audio.length).toBe(2);
    expect(fake.audio[0]?.items.length).toBe(1);
  });

  test('an existing track named like the preset target gets overwrite edits and nothing else moves', async () => {
    const fake = world({ audioTracks: ['Dialogue', 'Foley', 'Music'] });
    const host = new PremiereHost({ ppro: fake.api });
    const report = await host.placeResults({ items: [{ key: 'clip', filePath: wav('mix.wav'), timelineStartSec: sec(48) }], trackName: 'Foley', undoLabel: 'Place Foley: walk' });
    expect(report).toMatchObject({ trackIndex: 1, createdTrack: false, failed: [] });
    expect(report.placed[0]?.startSec).toBeCloseTo(sec(48), 12);
    expect(fake.audio.length).toBe(3);
    expect(fake.audio[1]?.items.map((i) => i.startTicks)).toEqual([48n * TPF_23976]);
    // the bin already exists the second time: only the placement is a new undo entry
    await host.placeResults({ items: [{ key: 'x', filePath: wav('mix2.wav'), timelineStartSec: sec(500) }], trackName: 'Foley', undoLabel: 'again' });
    expect(fake.undoStack.map((u) => u.label)).toEqual(['Create Foley bin', 'Place Foley: walk', 'again']);
  });

  test('missing files and placements that did not land are reported, the rest still lands', async () => {
    const fake = world({ audioTracks: ['Foley'] });
    const host = new PremiereHost({ ppro: fake.api });
    const report = await host.placeResults({
      items: [
        { key: 'ok', filePath: wav('ok.wav'), timelineStartSec: 1 },
        { key: 'gone', filePath: join(dir, 'missing.wav'), timelineStartSec: 2 },
      ],
      trackName: 'Foley',
      undoLabel: 'Place',
    });
    expect(report.placed.map((p) => p.key)).toEqual(['ok']);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]?.key).toBe('gone');
    expect(report.failed[0]?.reason).toMatch(/import failed/);

    // P5: the host accepts the transaction but the overwrite places nothing; the read-back catches it
    const silent = world({ audioTracks: ['Foley'], overwriteIsNoop: true });
    const quiet = await new PremiereHost({ ppro: silent.api }).placeResults({ items: [{ key: 'k', filePath: wav('k.wav'), timelineStartSec: 3 }], trackName: 'Foley', undoLabel: 'Place' });
    expect(quiet.placed).toEqual([]);
    expect(quiet.failed[0]?.reason).toMatch(/did not land on audio track A1/);
  });

  test('selection changes are forwarded from the host event', async () => {
    const fake = world();
    const host = new PremiereHost({ ppro: fake.api });
    let calls = 0;
    const off = host.onSelectionChanged(() => calls++);
    fake.fireSelectionChanged();
    off();
    fake.fireSelectionChanged();
    expect(calls).toBe(1);
  });

  test('media paths compare across slash styles and case', () => {
    expect(normalizeMediaPath('C:\\Media\\Foley\\a.WAV')).toBe(normalizeMediaPath('c:/media/foley/a.wav'));
  });
});
