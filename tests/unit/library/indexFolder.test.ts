/**
 * Indexing a synthetic library (known onsets, UCS names, bext descriptions, AIFF/FLAC, a duplicate and
 * broken files) into a real SQLite file: parse, onsets → slices, errors, duplicates, FTS ranking,
 * incremental re-index and removal.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LibraryStore, indexFolder, removeFolder } from '../../../bridge-server/pipeline/generate/library';
import { writeSyntheticLibrary, type SyntheticLibrary } from '../../../bridge-server/pipeline/generate/library/syntheticLibrary';

let work: string;
let lib: SyntheticLibrary;
let store: LibraryStore;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'foley-lib-'));
  lib = await writeSyntheticLibrary(join(work, 'sfx'), { withFfmpeg: true });
  store = new LibraryStore(join(work, 'library.sqlite'));
});

afterAll(() => {
  store.close();
  rmSync(work, { recursive: true, force: true });
});

describe('indexFolder on a synthetic library', () => {
  it('indexes every readable file once and explains every skipped one', async () => {
    const s = await indexFolder(store, lib.root, { workers: 0 });
    const indexable = lib.files.filter((f) => f.indexable).length;
    expect(s.scanned).toBe(lib.files.length); // readme.txt is not a sound file, hidden files are skipped
    expect(s.indexed).toBe(indexable);
    expect(s.duplicates).toBe(1);
    expect(s.failed).toBe(3);
    const errors = store.listErrors();
    const reason = (name: string): string => errors.find((e) => e.path.endsWith(name))?.reason ?? '';
    expect(reason('FEETHmn_Truncated Walk_ABC_009.wav')).toMatch(/truncated/);
    expect(reason('notes.wav')).toMatch(/not a WAV file/);
    expect(reason('empty.wav')).toMatch(/empty file/);
    expect(store.counts()).toMatchObject({ files: indexable, duplicates: 1, errors: 3, roots: 1 });
  });

  it('parses UCS names, bext descriptions and technical fields', () => {
    const f = store.fileByPath(join(lib.root, 'Footsteps/FEETHmn_Gravel Boots Walk_ABC_001.wav'));
    expect(f).toMatchObject({
      catId: 'FEETHmn',
      category: 'FOOTSTEPS',
      subcategory: 'HUMAN',
      fxName: 'Gravel Boots Walk',
      description: 'Footsteps, heavy boots walking on a gravel path',
      channels: 1,
      sampleRateHz: 48000,
      format: 'wav',
      duplicateOf: null,
    });
    expect(f?.durationSec).toBeCloseTo(3.2, 3);
    expect(f?.loudnessLufs).toEqual(expect.any(Number));
    const rain = store.fileByPath(join(lib.root, 'Ambience/RAIN_Steady Rain On Roof_ABC_006.wav'));
    expect(rain).toMatchObject({ catId: 'RAIN', category: 'RAIN', channels: 2 });
    const aiff = store.fileByPath(join(lib.root, 'Whooshes/WHSH_Fast Whoosh_ABC_007.aiff'));
    expect(aiff).toMatchObject({ catId: 'WHSH', format: 'aiff', sampleRateHz: 48000 });
    const flac = store.fileByPath(join(lib.root, 'Glass/GLASBrk_Bottle Smash_ABC_008.flac'));
    expect(flac).toMatchObject({ catId: 'GLASBrk', format: 'flac', subcategory: 'BREAK' });
    expect(store.fileByPath(join(lib.root, 'Clicks/MECHClik_Switch Click_ABC_010.mp3'))).toMatchObject({ catId: 'MECHClik', format: 'mp3', sampleRateHz: 48000 });
    expect(store.fileByPath(join(lib.root, 'Water/WATRDrip_Faucet Drip_ABC_011.ogg'))).toMatchObject({ catId: 'WATRDrip', format: 'ogg', sampleRateHz: 48000 });
  });

  it('turns a file of N footsteps into N slices starting a few ms before each known onset', () => {
    for (const file of lib.files.filter((x) => x.indexable && x.onsetsSec.length > 0)) {
      const row = store.fileByPath(join(lib.root, file.relPath));
      expect(row).toBeDefined();
      const slices = store.slicesOf(row?.id ?? -1);
      expect(slices.map((s) => s.onsetSec)).toHaveLength(file.onsetsSec.length);
      slices.forEach((s, i) => {
        const truth = file.onsetsSec[i] as number;
        expect(Math.abs(s.onsetSec - truth)).toBeLessThan(0.002);
        expect(s.onsetSec - s.startSec).toBeGreaterThan(0.003);
        expect(s.onsetSec - s.startSec).toBeLessThan(0.0061);
        const next = file.onsetsSec[i + 1];
        if (next !== undefined) expect(s.endSec).toBeLessThanOrEqual(next);
      });
    }
  });

  it('ranks search results by words in name, FX name, description and category', () => {
    expect(store.search('gravel')[0]?.fxName).toBe('Gravel Boots Walk');
    expect(store.search('boots gravel')[0]?.fxName).toBe('Gravel Boots Walk');
    // "footsteps" is only in the UCS category; "sidewalk" only in the bext description
    expect(store.search('footsteps').map((h) => h.catId)).toEqual(['FEETHmn', 'FEETHmn', 'FEETHmn']);
    expect(store.search('sidewalk')[0]?.fxName).toBe('Concrete Sneaker Walk');
    // prefixes and stemming: "knock" finds "Knock" and "knocks"; the non-UCS file is found by its name
    const knocks = store.search('knock').map((h) => h.path.split('/').pop());
    expect(knocks).toEqual(expect.arrayContaining(['DOORMetl_Metal Door Knock_ABC_005.wav', 'knock on table.wav']));
    // duplicates are never search results; FTS syntax in the words cannot break the query
    expect(store.search('copy')).toEqual([]);
    expect(() => store.search('gravel" OR * NEAR(')).not.toThrow();
    expect(store.search('zzzunknownzzz')).toEqual([]);
  });

  it('writes whole batches only: an abort part-way leaves complete batches, and the next add finishes the job', async () => {
    const partial = new LibraryStore(join(work, 'partial.sqlite'));
    try {
      const controller = new AbortController();
      let seen = 0;
      const run = indexFolder(partial, lib.root, {
        workers: 0,
        batchSize: 3,
        signal: controller.signal,
        onProgress: () => {
          if (++seen === 5) controller.abort();
        },
      });
      await expect(run).rejects.toThrow();
      const c = partial.counts();
      const rows = c.files + c.duplicates + c.errors; // every analysed file becomes one row: original, duplicate or error
      expect(rows % 3).toBe(0);
      expect(rows).toBeGreaterThan(0);
      expect(rows).toBeLessThan(lib.files.length);
      const rest = await indexFolder(partial, lib.root, { workers: 0, batchSize: 3 });
      expect(rest.unchanged).toBe(rows);
      expect(partial.counts()).toMatchObject({ files: store.counts().files, duplicates: 1, errors: 3 });
    } finally {
      partial.close();
    }
  });

  it('re-indexes incrementally: unchanged files are skipped, touched and new files analysed, deleted ones removed', async () => {
    const again = await indexFolder(store, lib.root, { workers: 0 });
    expect(again).toMatchObject({ indexed: 0, failed: 0, duplicates: 0, removed: 0, unchanged: lib.files.length });
    const touched = join(lib.root, 'Doors/DOORWood_Door Slam Heavy_ABC_004.wav');
    const st = statSync(touched);
    utimesSync(touched, st.atime, new Date(st.mtimeMs + 5000));
    unlinkSync(join(lib.root, 'Misc/knock on table.wav'));
    const after = await indexFolder(store, lib.root, { workers: 0 });
    expect(after).toMatchObject({ indexed: 1, removed: 1, unchanged: lib.files.length - 2 });
    expect(store.search('table')).toEqual([]);
    // a broken file that gets fixed is indexed and leaves the error list
    const fixed = join(lib.root, 'Broken/empty.wav');
    writeFileSync(fixed, readFileSync(touched));
    const healed = await indexFolder(store, lib.root, { workers: 0 });
    expect(healed.duplicates).toBe(1); // byte-identical to the door slam
    expect(store.listErrors().map((e) => e.path)).not.toContain(fixed);
  });

  it('promotes a duplicate when its original disappears, and forgets a removed folder entirely', async () => {
    const original = join(lib.root, 'Footsteps/FEETHmn_Gravel Boots Walk_ABC_001.wav');
    const copy = join(lib.root, 'Copies/gravel copy.wav');
    expect(store.fileByPath(copy)?.duplicateOf).toBe(store.fileByPath(original)?.id);
    const r = await removeFolder(store, join(lib.root, 'Footsteps'), { workers: 0 });
    expect(r.removedFiles).toBe(3);
    expect(r.reindexed).toBe(1);
    const promoted = store.fileByPath(copy);
    expect(promoted?.duplicateOf).toBeNull();
    expect(promoted?.sliceCount).toBe(6);
    // the copy carries the same bext description, so it is now what a search for gravel finds
    expect(store.search('gravel').map((h) => h.path)).toEqual([copy]);
    await removeFolder(store, lib.root, { workers: 0 });
    expect(store.counts()).toMatchObject({ files: 0, duplicates: 0, errors: 0, slices: 0, roots: 0 });
  });
});
