/**
 * Optional: index a folder of real recordings named by FOLEY_TEST_LIBRARY (e.g. a UCS sound library)
 * and check the index is usable: every supported file is either indexed or listed with a reason, UCS
 * names parse to known CatIDs, one-shots have slices whose onsets lie inside the file, a search by the
 * first file's FX name finds it, and the backend renders a take for a class the library has.
 * Skipped (with a message) when the variable is not set.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CueSchema } from '../../../bridge-server/contracts/plan';
import { LibraryStore, createLibraryBackend, indexFolder, lookupCatId } from '../../../bridge-server/pipeline/generate/library';
import { classMap } from '../../../bridge-server/pipeline/generate/library/classQuery';

const folder = process.env.FOLEY_TEST_LIBRARY;
const maybe = folder ? describe : describe.skip;
if (!folder) {
  // eslint-disable-next-line no-console
  console.log('realLibrary.test: skipped — set FOLEY_TEST_LIBRARY=/path/to/sounds to index a real library');
}

maybe('a real sound library (FOLEY_TEST_LIBRARY)', () => {
  let work: string;
  let store: LibraryStore;
  beforeAll(() => {
    if (!folder || !existsSync(folder)) throw new Error(`FOLEY_TEST_LIBRARY=${folder} does not exist`);
    work = mkdtempSync(join(tmpdir(), 'foley-reallib-'));
    store = new LibraryStore(join(work, 'library.sqlite'));
  });
  afterAll(() => {
    store?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('indexes every file or explains why not, with consistent metadata and slices', async () => {
    const s = await indexFolder(store, folder as string, { workers: 0 });
    expect(s.indexed + s.duplicates + s.failed).toBe(s.scanned);
    expect(s.indexed).toBeGreaterThan(0);
    for (const e of store.listErrors()) expect(e.reason.length).toBeGreaterThan(5);
    for (const f of store.listFiles(5000)) {
      expect(f.durationSec).toBeGreaterThan(0);
      expect(f.sampleRateHz).toBeGreaterThanOrEqual(8000);
      if (f.catId) expect(lookupCatId(f.catId)?.catId).toBe(f.catId);
      for (const sl of store.slicesOf(f.id)) {
        expect(sl.startSec).toBeLessThanOrEqual(sl.onsetSec);
        expect(sl.onsetSec).toBeLessThan(sl.endSec);
        expect(sl.endSec).toBeLessThanOrEqual(f.durationSec + 1e-6);
      }
    }
    const named = store.listFiles(5000).find((f) => f.fxName.length > 2 && f.duplicateOf === null);
    if (named) expect(store.search(named.fxName, 50).map((h) => h.id)).toContain(named.id);
  });

  it('renders a take from the library for a class it has', async () => {
    const files = store.listFiles(5000).filter((f) => f.catId && f.sliceCount > 0);
    const classId = Object.entries(classMap().classes).find(([, e]) => files.some((f) => e.catIds.includes(f.catId)))?.[0];
    if (!classId) return; // nothing in the library maps to a catalogue class
    const be = createLibraryBackend({ dbPath: store.path });
    const cue = CueSchema.parse({ id: 'real', start: 1, kind: 'hit', sound: { class: classId, params: {} }, stem: 'hits', source: 'visual' });
    expect(await be.canRender(cue)).toBe(true);
    const takes = await be.render({ cue, count: 2, seed: 1, sampleRateHz: 48000, clip: { path: null, inSec: 0, outSec: 10 } });
    expect(takes.length).toBeGreaterThan(0);
    for (const t of takes) {
      expect(t.syncSample).toBeGreaterThanOrEqual(0);
      expect(t.syncSample).toBeLessThan(t.audio.channels[0]?.length ?? 0);
      expect(t.provenance.sourceFile).toBeDefined();
    }
    await be.dispose?.();
  });
});
