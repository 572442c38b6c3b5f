/**
 * Media fingerprints and result-cache keys. A fingerprint is cheap even for multi-gigabyte camera files:
 * size, mtime and a SHA-256 of the first and last MiB (a re-export or trim changes at least one of them).
 * The cache key hashes the fingerprint with everything that changes the rendered audio: range, prompt,
 * markers, plan, seed, the audio-relevant part of the preset, and the engine version.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Preset } from '../contracts/preset';
import type { JobItem } from '../protocol';
import { ENGINE_VERSION } from '../version';

export const FINGERPRINT_CHUNK_BYTES = 1024 * 1024;

export interface MediaFingerprint {
  sizeBytes: number;
  mtimeMs: number;
  /** sha256 of the first and last FINGERPRINT_CHUNK_BYTES (the whole file when smaller than two chunks) */
  headTailSha256: string;
}

export function fingerprintMedia(path: string): MediaFingerprint {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(FINGERPRINT_CHUNK_BYTES);
    const readAt = (position: number, length: number): void => {
      let got = 0;
      while (got < length) {
        const n = readSync(fd, buf, got, length - got, position + got);
        if (n === 0) break;
        got += n;
      }
      hash.update(buf.subarray(0, got));
    };
    if (st.size <= 2 * FINGERPRINT_CHUNK_BYTES) {
      let pos = 0;
      while (pos < st.size) {
        const len = Math.min(FINGERPRINT_CHUNK_BYTES, st.size - pos);
        readAt(pos, len);
        pos += len;
      }
    } else {
      readAt(0, FINGERPRINT_CHUNK_BYTES);
      readAt(st.size - FINGERPRINT_CHUNK_BYTES, FINGERPRINT_CHUNK_BYTES);
    }
    return { sizeBytes: st.size, mtimeMs: Math.floor(st.mtimeMs), headTailSha256: hash.digest('hex') };
  } finally {
    closeSync(fd);
  }
}

/** JSON with object keys sorted, so equal values always hash equally */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** preset fields that do not change the audio (names, UI placement, output folder) stay out of the key */
function audioRelevantPreset(preset: Preset): Record<string, unknown> {
  const { name: _n, description: _d, autoInsert: _a, targetTrack: _t, outputDir: _o, ...rest } = preset;
  return rest;
}

export function resultCacheKey(args: { kind: 'generate' | 'plan'; item: JobItem; preset: Preset; fingerprint: MediaFingerprint | null }): string {
  const { itemId: _id, label: _label, videoPath: _path, ...request } = args.item;
  const material = canonicalJson({
    engine: ENGINE_VERSION,
    kind: args.kind,
    media: args.fingerprint,
    request,
    preset: audioRelevantPreset(args.preset),
  });
  return createHash('sha256').update(material).digest('hex');
}
