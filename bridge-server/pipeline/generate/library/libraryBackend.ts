/**
 * The library as a generation backend. A cue becomes a query (classQuery), files are ranked
 * (rankCandidates), and the best onset slices become candidate takes: each slice is cut from the file
 * with a few ms of pre-roll, resampled to the plan rate with a seeded ±3 % pitch (speed) change and a
 * seeded ±1.5 dB gain change, and its sync point is the onset inside the slice. Slices returned for a
 * class last time are avoided next time when the library has alternatives (no machine-gun repeats).
 * Beds (loop/ambience cues) take a long file from a seeded offset and are returned `loopable`.
 */
import { existsSync } from 'node:fs';
import type { GenerationBackend, RenderRequest } from '../../../contracts/backend';
import type { Cue } from '../../../contracts/plan';
import type { Take } from '../../../contracts/take';
import type { PcmAudio } from '../../../core/audio';
import { FoleyError, throwIfAborted } from '../../../core/errors';
import { createRng, mixSeed, type Rng } from '../../../core/rng';
import { decodeSoundFile, formatOfPath } from './analyzeFile';
import { buildCueQuery, type LibraryQuery } from './classQuery';
import { defaultLibraryDbPath, LibraryStore, type SearchHit, type SliceRow } from './libraryStore';
import { rankCandidates, type RankedFile } from './rankCandidates';
import { applyEdgeFades, resampleChannel, resampledLength } from './resample';

export interface LibraryBackendOptions {
  /** index database; default `library.sqlite` in the per-user data folder */
  dbPath?: string;
  /** ± dB of seeded gain variation */
  gainVariationDb?: number;
  /** ± fraction of seeded speed/pitch variation */
  pitchVariation?: number;
  /** files whose slices are considered for one cue */
  topFiles?: number;
  /** longest bed take, seconds (the align stage loops beyond it) */
  maxBedSec?: number;
}

const DEFAULTS = Object.freeze({ gainVariationDb: 1.5, pitchVariation: 0.03, topFiles: 8, maxBedSec: 120 });
const FADE_IN_SEC = 0.001;
const FADE_OUT_SEC = 0.005;
/** decoded files kept for the next cue (total samples over all channels, ≈ 200 MB of Float32) */
const DECODE_CACHE_SAMPLES = 50_000_000;

interface SliceChoice {
  file: SearchHit;
  slice: SliceRow;
  weight: number;
}

/** Picks `count` distinct items by weight, avoiding `avoid` keys while alternatives remain. */
function pickWeighted<T>(items: readonly T[], weightOf: (t: T) => number, keyOf: (t: T) => string, count: number, avoid: ReadonlySet<string>, rng: Rng): T[] {
  const fresh = items.filter((t) => !avoid.has(keyOf(t)));
  // never starve: fall back to avoided items only when the fresh ones cannot fill the request
  const pool = fresh.length >= Math.min(count, items.length) ? [...fresh] : [...fresh, ...items.filter((t) => avoid.has(keyOf(t)))];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) {
    let total = 0;
    for (const t of pool) total += weightOf(t);
    let r = rng.next() * total;
    let idx = 0;
    for (; idx < pool.length - 1; idx++) {
      r -= weightOf(pool[idx] as T);
      if (r <= 0) break;
    }
    out.push(pool.splice(idx, 1)[0] as T);
  }
  return out;
}

export function createLibraryBackend(options: LibraryBackendOptions = {}): GenerationBackend {
  const o = { ...DEFAULTS, ...options };
  const dbPath = options.dbPath ?? defaultLibraryDbPath();
  let store: LibraryStore | undefined;
  let storeTried = false;
  const lastReturned = new Map<string, Set<string>>();
  const decoded = new Map<string, PcmAudio>();

  const openStore = (): LibraryStore | undefined => {
    if (!storeTried) {
      storeTried = true;
      // no index yet means "no library", not an error: the preset falls back to procedural
      if (existsSync(dbPath)) store = new LibraryStore(dbPath);
    }
    return store;
  };

  // canRender and render are called with the same cue object: rank once
  let ranks = new WeakMap<Cue, { query: LibraryQuery; ranked: RankedFile[] } | undefined>();
  const rank = (cue: Cue): { query: LibraryQuery; ranked: RankedFile[] } | undefined => {
    if (ranks.has(cue)) return ranks.get(cue);
    const s = openStore();
    const query = buildCueQuery(cue);
    const result = s && query ? { query, ranked: rankCandidates(s, query) } : undefined;
    ranks.set(cue, result);
    return result;
  };

  const decodeFile = async (file: SearchHit, signal?: AbortSignal): Promise<PcmAudio> => {
    const hit = decoded.get(file.path);
    if (hit) {
      decoded.delete(file.path);
      decoded.set(file.path, hit); // LRU: most recent last
      return hit;
    }
    let audio: PcmAudio;
    try {
      throwIfAborted(signal);
      audio = (await decodeSoundFile(file.path, formatOfPath(file.path) ?? 'wav')).audio;
    } catch (e) {
      throw new FoleyError('LIBRARY_ERROR', `${file.path}: the library file can no longer be decoded; run "foley library add" on its folder again.`, { cause: e });
    }
    decoded.set(file.path, audio);
    let total = 0;
    for (const a of decoded.values()) total += (a.channels[0]?.length ?? 0) * a.channels.length;
    // evict least recently used files (never the one just decoded)
    for (const [path, a] of decoded) {
      if (total <= DECODE_CACHE_SAMPLES || path === file.path) break;
      total -= (a.channels[0]?.length ?? 0) * a.channels.length;
      decoded.delete(path);
    }
    return audio;
  };

  const variation = (rng: Rng): { gain: number; speed: number } => ({
    gain: Math.pow(10, rng.range(-o.gainVariationDb, o.gainVariationDb) / 20),
    speed: 1 + rng.range(-o.pitchVariation, o.pitchVariation),
  });

  /** Cuts [startSec, startSec + lengthSec) of the file (mono or up to stereo), resampled with variation. */
  const render = (audio: PcmAudio, startSec: number, lengthSec: number, outRate: number, speed: number, gain: number, mono: boolean): PcmAudio => {
    const srcRate = audio.sampleRateHz;
    const step = (srcRate / outRate) * speed;
    const start = Math.max(0, Math.round(startSec * srcRate));
    const len = Math.max(1, Math.min((audio.channels[0]?.length ?? 0) - start, Math.round(lengthSec * srcRate)));
    const sources = mono || audio.channels.length === 1 ? [mixdown(audio, start, len)] : audio.channels.slice(0, 2).map((c) => c.subarray(start, start + len));
    const outLen = resampledLength(len, step);
    const channels = sources.map((src) => {
      const ch = resampleChannel(src, step, outLen);
      for (let i = 0; i < ch.length; i++) ch[i] = (ch[i] as number) * gain;
      applyEdgeFades(ch, Math.round(FADE_IN_SEC * outRate), Math.round(FADE_OUT_SEC * outRate));
      return ch;
    });
    return { sampleRateHz: outRate, channels };
  };

  const renderHits = async (req: RenderRequest, query: LibraryQuery, ranked: RankedFile[], baseSeed: number): Promise<Take[]> => {
    const s = openStore() as LibraryStore;
    const top = ranked.slice(0, o.topFiles);
    const best = top[0]?.score ?? 0;
    const choices: SliceChoice[] = [];
    for (const r of top) {
      // relevance dominates: a file two points worse is ~7x less likely
      const fileWeight = Math.exp(r.score - best);
      for (const slice of s.slicesOf(r.file.id)) choices.push({ file: r.file, slice, weight: fileWeight });
    }
    const avoid = lastReturned.get(query.classId) ?? new Set<string>();
    const keyOf = (c: SliceChoice): string => `${c.file.id}:${c.slice.idx}`;
    const picked = pickWeighted(choices, (c) => c.weight, keyOf, req.count, avoid, createRng(mixSeed(baseSeed, 'pick')));
    lastReturned.set(query.classId, new Set(picked.map(keyOf)));
    const takes: Take[] = [];
    for (let i = 0; i < picked.length; i++) {
      throwIfAborted(req.signal);
      const c = picked[i] as SliceChoice;
      const seed = mixSeed(baseSeed, i);
      const v = variation(createRng(seed));
      const audio = await decodeFile(c.file, req.signal);
      const lengthSec = c.slice.endSec - c.slice.startSec;
      const out = render(audio, c.slice.startSec, lengthSec, req.sampleRateHz, v.speed, v.gain, true);
      const step = (audio.sampleRateHz / req.sampleRateHz) * v.speed;
      const onsetIn = Math.round(c.slice.onsetSec * audio.sampleRateHz) - Math.max(0, Math.round(c.slice.startSec * audio.sampleRateHz));
      takes.push({
        audio: out,
        syncSample: Math.min((out.channels[0]?.length ?? 1) - 1, Math.max(0, Math.round(onsetIn / step))),
        provenance: { backend: 'library', class: req.cue.sound.class, seed, params: { ...req.cue.sound.params }, sourceFile: c.file.path, sourceOffsetSec: c.slice.startSec },
      });
    }
    return takes;
  };

  const renderBeds = async (req: RenderRequest, query: LibraryQuery, ranked: RankedFile[], baseSeed: number): Promise<Take[]> => {
    const avoid = lastReturned.get(query.classId) ?? new Set<string>();
    const top = ranked.slice(0, o.topFiles);
    const best = top[0]?.score ?? 0;
    const picked = pickWeighted(top, (r) => Math.exp(r.score - best), (r) => String(r.file.id), req.count, avoid, createRng(mixSeed(baseSeed, 'pick')));
    lastReturned.set(query.classId, new Set(picked.map((r) => String(r.file.id))));
    const cueSec = Math.max(1, (req.cue.end ?? req.cue.start) - req.cue.start);
    const takes: Take[] = [];
    for (let i = 0; i < picked.length; i++) {
      throwIfAborted(req.signal);
      const f = (picked[i] as RankedFile).file;
      const seed = mixSeed(baseSeed, i);
      const rng = createRng(seed);
      const v = variation(rng);
      const audio = await decodeFile(f, req.signal);
      const wantSec = Math.min(o.maxBedSec, cueSec * v.speed + 0.5);
      const spare = Math.max(0, f.durationSec - wantSec);
      const offsetSec = spare > 0 ? rng.range(0, spare) : 0;
      const out = render(audio, offsetSec, Math.min(wantSec, f.durationSec - offsetSec), req.sampleRateHz, v.speed, v.gain, false);
      takes.push({
        audio: out,
        syncSample: 0,
        loopable: true,
        provenance: { backend: 'library', class: req.cue.sound.class, seed, params: { ...req.cue.sound.params }, sourceFile: f.path, sourceOffsetSec: offsetSec },
      });
    }
    return takes;
  };

  return {
    id: 'library',
    canRender(cue: Cue): boolean {
      const r = rank(cue);
      return r !== undefined && r.ranked.length > 0;
    },
    async render(req: RenderRequest): Promise<Take[]> {
      const r = rank(req.cue);
      if (!r || r.ranked.length === 0) {
        throw new FoleyError('MODEL_UNAVAILABLE', `The sound library has no match for cue "${req.cue.id}" (${req.cue.sound.class}); add a folder with "foley library add".`);
      }
      const baseSeed = mixSeed(req.seed, req.cue.id, req.cue.seed ?? 0);
      return r.query.wantsLoop ? renderBeds(req, r.query, r.ranked, baseSeed) : renderHits(req, r.query, r.ranked, baseSeed);
    },
    async dispose(): Promise<void> {
      decoded.clear();
      ranks = new WeakMap();
      store?.close();
      store = undefined;
      storeTried = false;
    },
  };
}

function mixdown(audio: PcmAudio, start: number, len: number): Float32Array {
  const out = new Float32Array(len);
  const k = 1 / audio.channels.length;
  for (const ch of audio.channels) for (let i = 0; i < len; i++) out[i] = (out[i] as number) + (ch[start + i] as number) * k;
  return out;
}
