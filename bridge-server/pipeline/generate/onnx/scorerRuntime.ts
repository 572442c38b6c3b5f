/**
 * Runs an audio-text scorer bundle (CLAP-style): the audio tower embeds a waveform resampled to the
 * bundle's rate and repeat-padded or cut to its fixed length, the text tower embeds the templated cue
 * text, and the score is their cosine similarity mapped from [-1, 1] to [0, 1]. The align stage uses
 * it as the class-fit reward. Runs inside the inference worker.
 */
import { join } from 'node:path';
import { FoleyError } from '../../../core/errors';
import type { ScorerBundle, TensorSpec } from './bundleSchema';
import { type SessionCache, floatTensor, runSession, tensorData, tensorFor } from './ortRuntime';
import { type TextTokenizer, loadTokenizer } from './tokenizer';

/** Linear-interpolation resampling; enough for an embedding model's input, not for delivery. */
export function resampleLinear(x: Float32Array, fromHz: number, toHz: number): Float32Array {
  if (fromHz === toHz) return x;
  const n = Math.max(1, Math.round((x.length * toHz) / fromHz));
  const out = new Float32Array(n);
  const ratio = fromHz / toHz;
  for (let i = 0; i < n; i++) {
    const p = i * ratio;
    const k = Math.floor(p);
    const f = p - k;
    const a = x[Math.min(k, x.length - 1)] as number;
    const b = x[Math.min(k + 1, x.length - 1)] as number;
    out[i] = a + f * (b - a);
  }
  return out;
}

/** Repeats a short clip to `length` (CLAP "repeatpad") or keeps its first `length` samples. */
export function fitLength(x: Float32Array, length: number): Float32Array {
  if (x.length === length) return x;
  const out = new Float32Array(length);
  if (x.length === 0) return out;
  for (let i = 0; i < length; i++) out[i] = x[i % x.length] as number;
  return out;
}

export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += (a[i] as number) * (b[i] as number);
    na += (a[i] as number) ** 2;
    nb += (b[i] as number) ** 2;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

export class ScorerRuntime {
  private tokenizer: Promise<TextTokenizer> | undefined;

  constructor(
    readonly dir: string,
    readonly bundle: ScorerBundle,
    private readonly sessions: SessionCache,
  ) {}

  private async embed(role: 'audioEmbed' | 'textEmbed', feeds: Record<string, ReturnType<typeof floatTensor>>): Promise<Float32Array> {
    const stage = this.bundle.stages[role];
    if (!stage) throw new FoleyError('MODEL_INVALID', `${this.bundle.id}: no stage ${role}.`);
    const session = await this.sessions.get(join(this.dir, stage.file));
    const out = await runSession(session, feeds);
    const name = (stage.outputs[0] as TensorSpec).name;
    const t = out[name];
    if (!t) throw new FoleyError('MODEL_INVALID', `${this.bundle.id}: ${stage.file} returned no ${name}.`);
    return Float32Array.from(tensorData(t, name));
  }

  async score(mono: Float32Array, sampleRateHz: number, text: string): Promise<number> {
    const audioStage = this.bundle.stages.audioEmbed;
    const textStage = this.bundle.stages.textEmbed;
    if (!audioStage || !textStage) throw new FoleyError('MODEL_INVALID', `${this.bundle.id}: a scorer needs audioEmbed and textEmbed stages.`);
    const wave = fitLength(resampleLinear(mono, sampleRateHz, this.bundle.audio.sampleRateHz), this.bundle.audio.samples);
    const audioFeeds: Record<string, ReturnType<typeof floatTensor>> = {};
    for (const spec of audioStage.inputs) {
      if (spec.feed !== 'audio') throw new FoleyError('MODEL_INVALID', `${this.bundle.id}: audioEmbed input "${spec.name}" must have feed "audio".`);
      audioFeeds[spec.name] = floatTensor(wave, spec.shape.length === 3 ? [1, 1, wave.length] : [1, wave.length]);
    }
    const text2 = this.bundle.promptTemplate.replace('{}', text);
    this.tokenizer ??= loadTokenizer(join(this.dir, this.bundle.text.tokenizerDir), { maxLength: this.bundle.text.maxLength, padToMax: this.bundle.text.padToMax });
    const tok = (await this.tokenizer).encode(text2);
    const textFeeds: Record<string, ReturnType<typeof floatTensor>> = {};
    for (const spec of textStage.inputs) {
      const values = spec.feed === 'attentionMask' ? tok.attentionMask : tok.inputIds;
      textFeeds[spec.name] = tensorFor(spec.dtype, values, [1, values.length]);
    }
    const a = await this.embed('audioEmbed', audioFeeds);
    const t = await this.embed('textEmbed', textFeeds);
    return (cosineSimilarity(a, t) + 1) / 2;
  }
}
