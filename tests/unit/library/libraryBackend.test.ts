/**
 * The library as a generation backend, on a synthetic library with known onsets: cue → query → ranked
 * slices → takes whose sync point is the onset, with bounded seeded gain/pitch variation, no immediate
 * repeats, deterministic per seed; beds come back loopable.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cue } from '../../../bridge-server/contracts/plan';
import { CueSchema } from '../../../bridge-server/contracts/plan';
import type { Take } from '../../../bridge-server/contracts/take';
import { detectOnsets } from '../../../bridge-server/dsp/onsets';
import { createLibraryBackend, LibraryStore, indexFolder } from '../../../bridge-server/pipeline/generate/library';
import { writeSyntheticLibrary, type SyntheticLibrary } from '../../../bridge-server/pipeline/generate/library/syntheticLibrary';

let work: string;
let lib: SyntheticLibrary;
let dbPath: string;

function cue(partial: { id?: string; kind?: Cue['kind']; class: string; params?: Record<string, string | number>; end?: number; libraryQuery?: string }): Cue {
  return CueSchema.parse({
    id: partial.id ?? 'c1',
    start: 1,
    end: partial.end,
    kind: partial.kind ?? 'hit',
    sound: { class: partial.class, params: partial.params ?? {}, libraryQuery: partial.libraryQuery },
    stem: 'steps',
    source: 'visual',
  });
}

const clip = { path: null, inSec: 0, outSec: 10 };

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'foley-libbe-'));
  lib = await writeSyntheticLibrary(join(work, 'sfx'));
  dbPath = join(work, 'library.sqlite');
  const store = new LibraryStore(dbPath);
  await indexFolder(store, lib.root, { workers: 0 });
  store.close();
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('library backend', () => {
  it('can render what the library has and says no to what it lacks', async () => {
    const be = createLibraryBackend({ dbPath });
    expect(await be.canRender(cue({ class: 'footsteps', params: { surface: 'gravel' } }))).toBe(true);
    expect(await be.canRender(cue({ class: 'door', params: { action: 'slam' } }))).toBe(true);
    expect(await be.canRender(cue({ class: 'explosion' }))).toBe(false);
    expect(await be.canRender(cue({ class: 'rain', kind: 'ambience', end: 5 }))).toBe(true);
    await be.dispose?.();
    const none = createLibraryBackend({ dbPath: join(work, 'missing.sqlite') });
    expect(await none.canRender(cue({ class: 'footsteps' }))).toBe(false);
  });

  it('renders gravel-boot footsteps from the gravel file, with the sync point on the onset', async () => {
    const be = createLibraryBackend({ dbPath });
    const takes = await be.render({ cue: cue({ class: 'footsteps', params: { surface: 'gravel', footwear: 'boot', pace: 'walk' } }), count: 3, seed: 7, sampleRateHz: 48000, clip });
    expect(takes).toHaveLength(3);
    const offsets = new Set<number>();
    for (const t of takes) {
      expect(t.provenance.backend).toBe('library');
      expect(t.provenance.sourceFile).toBe(join(lib.root, 'Footsteps/FEETHmn_Gravel Boots Walk_ABC_001.wav'));
      offsets.add(t.provenance.sourceOffsetSec ?? -1);
      expect(t.audio.sampleRateHz).toBe(48000);
      expect(t.audio.channels).toHaveLength(1);
      // the onset detected in the rendered take is where the take says its sync point is
      const ch = t.audio.channels[0] as Float32Array;
      const first = detectOnsets(ch, 48000)[0];
      expect(first).toBeDefined();
      expect(Math.abs((first?.sample ?? 0) - t.syncSample)).toBeLessThanOrEqual(48); // 1 ms
      // pre-roll of a few ms before the onset (after ±3 % speed change)
      expect(t.syncSample / 48000).toBeGreaterThan(0.0045);
      expect(t.syncSample / 48000).toBeLessThan(0.0055);
    }
    expect(offsets.size).toBe(3); // three different slices
    await be.dispose?.();
  });

  it('keeps gain within ±1.5 dB and speed within ±3 %, identically for the same seed', async () => {
    const render = async (seed: number): Promise<Take[]> => {
      const be = createLibraryBackend({ dbPath });
      const out = await be.render({ cue: cue({ class: 'door', params: { action: 'slam', material: 'wood' } }), count: 1, seed, sampleRateHz: 48000, clip });
      await be.dispose?.();
      return out;
    };
    const store = new LibraryStore(dbPath);
    const file = store.fileByPath(join(lib.root, 'Doors/DOORWood_Door Slam Heavy_ABC_004.wav'));
    const slice = store.slicesOf(file?.id ?? -1)[0];
    store.close();
    expect(slice).toBeDefined();
    const sliceSamples = Math.round(((slice?.endSec ?? 0) - (slice?.startSec ?? 0)) * 48000);
    const peaks: number[] = [];
    for (let seed = 1; seed <= 6; seed++) {
      const [t] = await render(seed);
      expect(t?.provenance.sourceFile).toContain('DOORWood_Door Slam Heavy');
      const len = t?.audio.channels[0]?.length ?? 0;
      const speed = sliceSamples / len;
      expect(speed).toBeGreaterThan(0.969);
      expect(speed).toBeLessThan(1.031);
      let peak = 0;
      for (const v of t?.audio.channels[0] ?? []) peak = Math.max(peak, Math.abs(v));
      peaks.push(peak);
    }
    // same source slice, so peak ratios show the gain spread (±1.5 dB → at most 3 dB apart, plus resampling ripple)
    const spreadDb = 20 * Math.log10(Math.max(...peaks) / Math.min(...peaks));
    expect(spreadDb).toBeGreaterThan(0.2);
    expect(spreadDb).toBeLessThan(3.3);
    const [a] = await render(3);
    const [b] = await render(3);
    expect(a?.audio.channels[0]).toEqual(b?.audio.channels[0]);
    expect(a?.syncSample).toBe(b?.syncSample);
  });

  it('never returns the slice it just returned for the class when there are others', async () => {
    const be = createLibraryBackend({ dbPath });
    const c = cue({ class: 'footsteps', params: { surface: 'gravel' } });
    let previous = new Set<string>();
    for (let round = 0; round < 6; round++) {
      const takes = await be.render({ cue: { ...c, id: `step${round}` }, count: 1, seed: 11, sampleRateHz: 48000, clip });
      const keys = new Set(takes.map((t) => `${t.provenance.sourceFile}@${t.provenance.sourceOffsetSec}`));
      for (const k of keys) expect(previous.has(k)).toBe(false);
      previous = keys;
    }
    await be.dispose?.();
  });

  it('returns beds as loopable takes covering the cue, stereo when the file is', async () => {
    const be = createLibraryBackend({ dbPath });
    const takes = await be.render({ cue: cue({ class: 'rain', kind: 'ambience', end: 4, params: { intensity: 0.5 } }), count: 1, seed: 3, sampleRateHz: 44100, clip });
    expect(takes).toHaveLength(1);
    const t = takes[0] as Take;
    expect(t.loopable).toBe(true);
    expect(t.syncSample).toBe(0);
    expect(t.audio.sampleRateHz).toBe(44100);
    expect(t.audio.channels).toHaveLength(2);
    expect((t.audio.channels[0]?.length ?? 0) / 44100).toBeGreaterThan(3);
    expect(t.provenance.sourceFile).toContain('RAIN_Steady Rain');
    await be.dispose?.();
  });

  it('uses a free-text library query when the cue has one', async () => {
    const be = createLibraryBackend({ dbPath });
    const takes = await be.render({ cue: cue({ class: 'impact', libraryQuery: 'table knock' }), count: 1, seed: 1, sampleRateHz: 48000, clip });
    expect(takes[0]?.provenance.sourceFile).toBe(join(lib.root, 'Misc/knock on table.wav'));
    await be.dispose?.();
  });
});
