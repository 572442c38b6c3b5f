/**
 * Pure parts of the library: UCS names, iXML fields, FTS quoting, the class → UCS table (covers every
 * catalogue class, names only real CatIDs), cue → query, slicing and resampling against known answers.
 */
import { loadCatalogue } from '../../../bridge-server/pipeline/generate/procedural/catalogue';
import { buildCueQuery, classMap, knownClassIds } from '../../../bridge-server/pipeline/generate/library/classQuery';
import { anyOf, quoteTerm } from '../../../bridge-server/pipeline/generate/library/ftsQuery';
import { parseIxml } from '../../../bridge-server/pipeline/generate/library/ixml';
import { applyEdgeFades, resampleChannel, resampledLength } from '../../../bridge-server/pipeline/generate/library/resample';
import { slicesFromOnsets } from '../../../bridge-server/pipeline/generate/library/slices';
import { lookupCatId, nameWords, parseUcsName } from '../../../bridge-server/pipeline/generate/library/ucs';
import { CueSchema } from '../../../bridge-server/contracts/plan';

describe('UCS file names', () => {
  it('parses CatID, category, FX name, creator and source', () => {
    expect(parseUcsName('/lib/FEETHmn_Gravel Boots Walk_ABC_001.wav')).toEqual({
      catId: 'FEETHmn', category: 'FOOTSTEPS', subcategory: 'HUMAN', fxName: 'Gravel Boots Walk',
      creatorId: 'ABC', sourceId: '001', userCategory: '', vendorCategory: '',
    });
    expect(parseUcsName('DOORWood_Door Slam_JD_Doors.aiff')).toMatchObject({ catId: 'DOORWood', category: 'DOORS', subcategory: 'WOOD', fxName: 'Door Slam' });
  });

  it('reads the optional user category and vendor category, and CatIDs in another case', () => {
    expect(parseUcsName('FEETHmn-Smartphone, MCU_Running, Rocky Road_Nicholas Judy_TDC.wav')).toMatchObject({
      catId: 'FEETHmn', userCategory: 'Smartphone, MCU', fxName: 'Running, Rocky Road', creatorId: 'Nicholas Judy', sourceId: 'TDC',
    });
    expect(parseUcsName('WHSH_DSGN-Big Pass By_XY_LIB.wav')).toMatchObject({ catId: 'WHSH', vendorCategory: 'DSGN', fxName: 'Big Pass By' });
    expect(parseUcsName('feethmn_Walk_A_B.wav')?.catId).toBe('FEETHmn');
  });

  it('rejects names that are not UCS but keeps their words searchable', () => {
    expect(parseUcsName('door_slam_01.wav')).toBeUndefined();
    expect(parseUcsName('FEETHmn.wav')).toBeUndefined();
    expect(nameWords('/x/BigDoorSlam-take_02.wav')).toBe('Big Door Slam take 02');
    expect(lookupCatId('RAIN')).toEqual({ catId: 'RAIN', category: 'RAIN', subcategory: 'GENERAL' });
  });
});

describe('iXML', () => {
  it('reads UCS/Soundminer fields from USER and ASWG blocks, decoding entities and CDATA', () => {
    const xml = `<?xml version="1.0"?><BWFXML><USER><CATID>FEETHmn</CATID><CATEGORY>FOOTSTEPS</CATEGORY>
      <SUBCATEGORY>HUMAN</SUBCATEGORY><FXNAME>Boots &amp; Gravel</FXNAME><DESCRIPTION><![CDATA[Heavy boots on <gravel>]]></DESCRIPTION>
      <KEYWORDS>boot; gravel; walk</KEYWORDS></USER><ASWG><library>Field Recs</library></ASWG><NOTE></NOTE></BWFXML>`;
    expect(parseIxml(xml)).toEqual({
      catId: 'FEETHmn', category: 'FOOTSTEPS', subcategory: 'HUMAN', fxName: 'Boots & Gravel',
      description: 'Heavy boots on <gravel>', keywords: 'boot; gravel; walk', trackTitle: '', library: 'Field Recs', note: '',
    });
    expect(parseIxml('').description).toBe('');
  });
});

describe('FTS quoting', () => {
  it('quotes every term so user text cannot inject FTS5 syntax', () => {
    expect(quoteTerm('high heels')).toBe('"high heels"');
    expect(quoteTerm('a"b OR c*')).toBe('"a b or c"');
    expect(anyOf(['gravel', 'Gravel', '', '!!'], 'cat_id')).toBe('cat_id : ("gravel")');
    expect(anyOf([])).toBe('');
  });
});

describe('class → UCS table', () => {
  it('covers every catalogue class and names only real UCS CatIDs', () => {
    const catalogueIds = loadCatalogue().classes.map((c) => c.id);
    expect(knownClassIds()).toEqual(expect.arrayContaining(catalogueIds));
    for (const [id, entry] of Object.entries(classMap().classes)) {
      for (const catId of entry.catIds) expect(`${id}:${lookupCatId(catId)?.catId}`).toBe(`${id}:${catId}`);
      for (const values of Object.values(entry.params)) for (const v of Object.values(values)) for (const c of v.catIds ?? []) expect(lookupCatId(c)?.catId).toBe(c);
    }
  });

  it('maps every enum value of the catalogue to search words', () => {
    for (const cls of loadCatalogue().classes) {
      for (const [param, spec] of Object.entries(cls.params)) {
        if (spec.type !== 'enum') continue;
        for (const value of Object.keys(spec.values)) {
          const q = buildCueQuery({ kind: cls.kind, sound: { class: cls.id, params: { [param]: value } } });
          const group = q?.paramGroups.find((g) => g.param === param);
          expect(group?.terms.length ?? 0).toBeGreaterThan(0);
        }
      }
    }
  });

  it('turns footsteps/gravel/boot into FEET* CatIDs plus gravel and boot words', () => {
    const cue = CueSchema.parse({ id: 'a', start: 0, kind: 'hit', sound: { class: 'footsteps', params: { surface: 'gravel', footwear: 'boot', intensity: 0.9 } }, stem: 'steps', source: 'visual' });
    const q = buildCueQuery(cue);
    expect(q?.catIds).toEqual(expect.arrayContaining(['FEETHmn', 'FEETMisc', 'FOLYFeet']));
    expect(q?.paramGroups.find((g) => g.param === 'surface')?.terms).toEqual(expect.arrayContaining(['gravel']));
    expect(q?.paramGroups.find((g) => g.param === 'footwear')?.terms).toEqual(expect.arrayContaining(['boot', 'boots']));
    expect(q?.paramGroups.find((g) => g.param === 'intensity')?.terms).toEqual(expect.arrayContaining(['heavy']));
    expect(q?.wantsLoop).toBe(false);
    expect(buildCueQuery({ kind: 'hit', sound: { class: 'no_such_class', params: {} } })).toBeUndefined();
    expect(buildCueQuery({ kind: 'hit', sound: { class: 'no_such_class', params: {}, libraryQuery: 'squeaky toy' } })?.freeTerms).toEqual(['squeaky', 'toy']);
  });
});

describe('slices and resampling', () => {
  it('cuts one slice per onset with pre-roll, ending before the next slice and without silent tails', () => {
    const rate = 1000;
    const x = new Float32Array(1000);
    for (const on of [100, 400, 700]) for (let i = 0; i < 100; i++) x[on + i] = 0.5 * Math.exp(-i / 20);
    const s = slicesFromOnsets(x, rate, [100, 400, 700], { preRollSec: 0.005, tailDb: -40 });
    expect(s.map((v) => [v.startSec, v.onsetSec])).toEqual([[0.095, 0.1], [0.395, 0.4], [0.695, 0.7]]);
    for (const v of s) {
      expect(v.peak).toBeCloseTo(0.5, 6);
      // −40 dB of a 20-sample decay is reached after ~92 samples
      expect(v.endSec - v.onsetSec).toBeGreaterThan(0.09);
      expect(v.endSec - v.onsetSec).toBeLessThan(0.1);
    }
  });

  it('resamples a sine to a new rate and speed without changing its level', () => {
    const inRate = 44100;
    const n = 22050;
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = 0.5 * Math.sin((2 * Math.PI * 1000 * i) / inRate);
    for (const speed of [1, 1.03, 0.97]) {
      const step = (inRate / 48000) * speed;
      const y = resampleChannel(x, step, resampledLength(n, step));
      // count rising zero crossings in the steady middle → frequency in the output
      let crossings = 0;
      let peak = 0;
      for (let i = 2400; i < 21600; i++) {
        if ((y[i - 1] as number) < 0 && (y[i] as number) >= 0) crossings++;
        peak = Math.max(peak, Math.abs(y[i] as number));
      }
      const freq = crossings / (19200 / 48000);
      expect(freq / (1000 * speed)).toBeCloseTo(1, 2);
      expect(peak).toBeGreaterThan(0.495);
      expect(peak).toBeLessThan(0.505);
    }
  });

  it('fades edges linearly', () => {
    const y = new Float32Array(10).fill(1);
    applyEdgeFades(y, 4, 2);
    expect(Array.from(y)).toEqual([0, 0.25, 0.5, 0.75, 1, 1, 1, 1, 0.5, 0]);
  });
});
