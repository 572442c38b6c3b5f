/**
 * Runs a flow bundle (v2a or t2a) on cached ONNX sessions: tokenization, visual features, the
 * per-clip condition graph (once per window and branch), the per-step velocity graph inside the
 * Euler/CFG loop, latent un-normalization, decoder and vocoder, and the window stitching of long
 * clips. Tensors move between stages by name: an input without a `feed` takes the earlier output
 * (or visual feature) of the same name. Runs inside the inference worker.
 */
import { join } from 'node:path';
import { FoleyError } from '../../../core/errors';
import type { BundleWindow, Feed, FlowBundle, StageRole, TensorSpec, VisualStream } from './bundleSchema';
import { readConstant, resolveShape, stageFile } from './bundleManifest';
import { type Feeds, type OrtSession, type OrtTensor, type SessionCache, floatTensor, inputDimension, runSession, tensorData, tensorFor } from './ortRuntime';
import { eulerSample, planWindows, seededNoise, stitchWindows } from './sampler';
import { type TextTokenizer, loadTokenizer } from './tokenizer';

export interface FrameSet {
  width: number;
  height: number;
  /** rgb24 frames at the stream's fps, from the start of the clip range */
  frames: Uint8Array[];
}

export interface FlowRequest {
  prompt: string;
  negativePrompt?: string;
  durationSec: number;
  seed: number;
  steps?: number;
  guidance?: number;
  /** visual frames per stream feature name (v2a) */
  frames?: Record<string, FrameSet>;
}

export interface FlowResult {
  channels: Float32Array[];
  sampleRateHz: number;
  steps: number;
  windows: number;
  /** mean milliseconds of one sampler step (all branches) */
  msPerStep: number;
  /** of which inside the velocity graph's `session.run` (the rest is sampler overhead) */
  runMsPerStep: number;
}

type Pool = Map<string, OrtTensor>;

function shapeOf(spec: TensorSpec, window: BundleWindow | undefined, what: string): number[] {
  return resolveShape(spec, window).map((d, i) => {
    if (typeof d === 'number') return d;
    if (i === 0) return 1; // batch
    throw new FoleyError('MODEL_INVALID', `${what}: dimension ${i} ("${d}") must be fixed or "latentLength" for a ${spec.feed ?? 'pool'} input.`);
  });
}

/** Tiles a constant over a target element count (a learned [1, D] null feature over [1, T, D]). */
function tile(values: Float32Array, count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = values[i % values.length] as number;
  return out;
}

export class FlowRuntime {
  private tokenizer: Promise<TextTokenizer> | undefined;

  constructor(
    readonly dir: string,
    readonly bundle: FlowBundle,
    private readonly sessions: SessionCache,
  ) {}

  private session(role: StageRole, window?: BundleWindow): Promise<OrtSession> {
    const file = stageFile(this.bundle, role, window);
    if (!file) throw new FoleyError('MODEL_INVALID', `${this.bundle.id}: no graph for role ${role}.`);
    return this.sessions.get(join(this.dir, file));
  }

  private getTokenizer(): Promise<TextTokenizer> {
    const text = this.bundle.text;
    if (!text) throw new FoleyError('MODEL_INVALID', `${this.bundle.id}: the bundle has no text settings.`);
    this.tokenizer ??= loadTokenizer(join(this.dir, text.tokenizerDir), { maxLength: text.maxLength, padToMax: text.padToMax });
    return this.tokenizer;
  }

  /**
   * Creates every session of every window once and runs each velocity graph on zeros, so the first
   * generation pays neither for loading nor for the provider's first-run allocations (CUDA kernels,
   * memory arenas). The warm-up run is skipped when a velocity input has a free symbolic size.
   */
  async warmUp(): Promise<void> {
    for (const role of Object.keys(this.bundle.stages) as StageRole[]) {
      for (const w of this.bundle.windows) await this.session(role, w);
    }
    if (this.bundle.text) await this.getTokenizer();
    const velocity = this.bundle.stages.velocity;
    if (!velocity) return;
    for (const w of this.bundle.windows) {
      let feeds: Feeds;
      try {
        feeds = Object.fromEntries(
          velocity.inputs.map((spec) => {
            const dims = shapeOf(spec, w, spec.name);
            return [spec.name, tensorFor(spec.dtype, new Float32Array(dims.reduce((a, d) => a * d, 1)), dims)];
          }),
        );
      } catch {
        continue;
      }
      await runSession(await this.session('velocity', w), feeds);
    }
  }

  /** Runs one stage: inputs from `feeds` (by feed kind) or the pool (by name); outputs go to the pool. */
  private async runStage(role: StageRole, window: BundleWindow | undefined, pool: Pool, feeds: Partial<Record<Feed, OrtTensor>>): Promise<Record<string, OrtTensor>> {
    const stage = this.bundle.stages[role];
    if (!stage) throw new FoleyError('MODEL_INVALID', `${this.bundle.id}: no stage ${role}.`);
    const session = await this.session(role, window);
    const inputs: Feeds = {};
    for (const spec of stage.inputs) {
      // Token ids/mask stay available to later stages (a condition graph may pool text by its mask).
      let t = spec.feed ? (feeds[spec.feed] ?? pool.get(`feed:${spec.feed}`)) : pool.get(spec.name);
      if (t && spec.feed && t.type !== spec.dtype && t.type !== 'float32') t = tensorFor(spec.dtype, Array.from(t.data as ArrayLike<number | bigint>, Number), t.dims);
      if (!t) {
        throw new FoleyError('MODEL_INVALID', `${this.bundle.id}: input "${spec.name}" of stage ${role} has no source (${spec.feed ? `feed ${spec.feed}` : 'no earlier stage produces it'}).`);
      }
      inputs[spec.name] = t;
    }
    const out = await runSession(session, inputs);
    for (const spec of stage.outputs) {
      const t = out[spec.name];
      if (t) pool.set(spec.name, t);
    }
    return out;
  }

  private async encodeText(text: string, pool: Pool): Promise<void> {
    const stage = this.bundle.stages.textEncoder;
    if (!stage) return;
    const tok = (await this.getTokenizer()).encode(text);
    const feeds: Partial<Record<Feed, OrtTensor>> = {};
    for (const spec of stage.inputs) {
      if (spec.feed === 'inputIds') feeds.inputIds = tensorFor(spec.dtype, tok.inputIds, [1, tok.inputIds.length]);
      if (spec.feed === 'attentionMask') feeds.attentionMask = tensorFor(spec.dtype, tok.attentionMask, [1, tok.attentionMask.length]);
    }
    await this.runStage('textEncoder', undefined, pool, feeds);
    if (feeds.attentionMask) pool.set('feed:attentionMask', feeds.attentionMask);
    if (feeds.inputIds) pool.set('feed:inputIds', feeds.inputIds);
  }

  /** How many frames (or tokens) of a visual feature the window's graphs expect. */
  private async featureLength(stream: VisualStream, window: BundleWindow): Promise<number> {
    for (const role of ['condition', 'velocity'] as const) {
      const spec = this.bundle.stages[role]?.inputs.find((s) => s.name === stream.feature);
      if (spec) {
        const d = inputDimension(await this.session(role, window), stream.feature, 1);
        if (d !== undefined) return d;
      }
    }
    return Math.round((window.durationSec * stream.fps.num) / stream.fps.den);
  }

  /** Normalizes rgb24 HWC frames to CHW floats and runs the stream's encoder in chunks. */
  private async encodeVisual(stream: VisualStream, set: FrameSet, firstFrame: number, window: BundleWindow, pool: Pool): Promise<void> {
    const stage = this.bundle.stages[stream.stage];
    const pixelsSpec = stage?.inputs.find((s) => s.feed === 'pixels' || s.feed === 'segments');
    if (!stage || !pixelsSpec) throw new FoleyError('MODEL_INVALID', `${this.bundle.id}: stage ${stream.stage} needs an input with feed "pixels" or "segments".`);
    if (set.width !== stream.width || set.height !== stream.height) {
      throw new FoleyError('INTERNAL', `frames for ${stream.feature} are ${set.width}×${set.height}, the bundle wants ${stream.width}×${stream.height}.`);
    }
    const frameCount = Math.round((window.durationSec * stream.fps.num) / stream.fps.den);
    const plane = stream.width * stream.height;
    const [lo, hi] = stream.scale;
    const normalized: Float32Array[] = [];
    for (let f = 0; f < frameCount; f++) {
      // Past the end of the clip the last frame is held (MMAudio pads the same way).
      const src = set.frames[Math.min(firstFrame + f, set.frames.length - 1)];
      if (!src) throw new FoleyError('MEDIA_RANGE', `no frames were decoded for the visual stream ${stream.feature}.`);
      const chw = new Float32Array(3 * plane);
      for (let c = 0; c < 3; c++) {
        const m = stream.mean[c] as number;
        const s = stream.std[c] as number;
        for (let p = 0; p < plane; p++) chw[c * plane + p] = (((src[p * 3 + c] as number) / 255) * (hi - lo) + lo - m) / s;
      }
      normalized.push(chw);
    }
    // Segments (sync encoders): overlapping runs of frames; otherwise single frames.
    const segFrames = pixelsSpec.feed === 'segments' ? (stream.segmentFrames ?? 16) : 1;
    const stride = pixelsSpec.feed === 'segments' ? (stream.segmentStride ?? segFrames) : 1;
    const items = Math.max(1, Math.floor((frameCount - segFrames) / stride) + 1);
    const itemSize = segFrames * 3 * plane;
    const outputs: Float32Array[] = [];
    let dim = 0;
    for (let start = 0; start < items; start += stream.chunkFrames) {
      const n = Math.min(stream.chunkFrames, items - start);
      const batch = new Float32Array(n * itemSize);
      for (let i = 0; i < n; i++) {
        for (let f = 0; f < segFrames; f++) batch.set(normalized[(start + i) * stride + f] as Float32Array, i * itemSize + f * 3 * plane);
      }
      const dims = pixelsSpec.feed === 'segments' ? [n, 1, segFrames, 3, stream.height, stream.width] : [n, 3, stream.height, stream.width];
      const out = await this.runStage(stream.stage, window, new Map(), { [pixelsSpec.feed as Feed]: floatTensor(batch, dims) });
      const first = stage.outputs[0] as TensorSpec;
      const t = out[first.name];
      if (!t) throw new FoleyError('MODEL_INVALID', `${this.bundle.id}: stage ${stream.stage} did not return ${first.name}.`);
      outputs.push(Float32Array.from(tensorData(t, first.name)));
      dim = t.dims[t.dims.length - 1] as number;
    }
    const total = outputs.reduce((a, o) => a + o.length, 0);
    const stacked = new Float32Array(total);
    let off = 0;
    for (const o of outputs) {
      stacked.set(o, off);
      off += o.length;
    }
    // Fit to the length the graphs were exported with (extra tokens cut, missing ones hold the last).
    const want = await this.featureLength(stream, window);
    const fitted = new Float32Array(want * dim);
    const have = total / dim;
    for (let r = 0; r < want; r++) fitted.set(stacked.subarray(Math.min(r, have - 1) * dim, (Math.min(r, have - 1) + 1) * dim), r * dim);
    pool.set(stream.feature, floatTensor(fitted, [1, want, dim]));
  }

  private applyNullConditions(pool: Pool): void {
    for (const stream of this.bundle.video) {
      const t = pool.get(stream.feature);
      if (t && !this.bundle.nullConditions[stream.feature]) pool.set(stream.feature, floatTensor(new Float32Array(t.size), t.dims));
    }
    for (const [name, constant] of Object.entries(this.bundle.nullConditions)) {
      const t = pool.get(name);
      if (!t) continue;
      pool.set(name, floatTensor(tile(readConstant(this.dir, constant), t.size), t.dims));
    }
  }

  private async conditionPools(req: FlowRequest, window: BundleWindow, startSec: number, usedSec: number): Promise<{ cond: Pool; uncond: Pool }> {
    const cond: Pool = new Map();
    const uncond: Pool = new Map();
    await this.encodeText(req.prompt, cond);
    await this.encodeText(req.negativePrompt ?? this.bundle.text?.negativePrompt ?? '', uncond);
    for (const stream of this.bundle.video) {
      const set = req.frames?.[stream.feature];
      if (!set) throw new FoleyError('MODEL_UNAVAILABLE', `${this.bundle.id} needs video frames (${stream.feature}); this cue has no clip.`);
      const firstFrame = Math.round((startSec * stream.fps.num) / stream.fps.den);
      await this.encodeVisual(stream, set, firstFrame, window, cond);
      const t = cond.get(stream.feature);
      if (t) uncond.set(stream.feature, t);
    }
    this.applyNullConditions(uncond);
    const seconds = floatTensor(new Float32Array([usedSec]), [1]);
    if (this.bundle.stages.condition) {
      await this.runStage('condition', window, cond, { durationSec: seconds });
      await this.runStage('condition', window, uncond, { durationSec: seconds });
    }
    return { cond, uncond };
  }

  private async decode(latent: Float32Array, window: BundleWindow): Promise<Float32Array[]> {
    const { channels: C, layout, mean, std } = this.bundle.latent;
    const N = window.latentLength;
    const meanV = mean ? readConstant(this.dir, mean) : undefined;
    const stdV = std ? readConstant(this.dir, std) : undefined;
    const z = new Float32Array(latent.length);
    for (let n = 0; n < N; n++) {
      for (let c = 0; c < C; c++) {
        const src = layout === 'BNC' ? n * C + c : c * N + n;
        const dst = this.bundle.decoderLayout === 'BNC' ? n * C + c : c * N + n;
        z[dst] = (latent[src] as number) * (stdV ? (stdV[c] as number) : 1) + (meanV ? (meanV[c] as number) : 0);
      }
    }
    const pool: Pool = new Map();
    const dims = this.bundle.decoderLayout === 'BNC' ? [1, N, C] : [1, C, N];
    const out = await this.runStage('decoder', window, pool, { latent: floatTensor(z, dims) });
    let audio = out[(this.bundle.stages.decoder?.outputs[0] as TensorSpec).name];
    if (this.bundle.stages.vocoder && audio) {
      const voc = await this.runStage('vocoder', window, pool, { audio });
      audio = voc[(this.bundle.stages.vocoder.outputs[0] as TensorSpec).name];
    }
    if (!audio) throw new FoleyError('MODEL_INVALID', `${this.bundle.id}: the decoder returned no audio.`);
    const data = tensorData(audio, 'decoded audio');
    const channels = audio.dims.length === 3 ? (audio.dims[1] as number) : 1;
    const len = audio.dims[audio.dims.length - 1] as number;
    const out2: Float32Array[] = [];
    for (let c = 0; c < channels; c++) out2.push(Float32Array.from(data.subarray(c * len, (c + 1) * len)));
    return out2;
  }

  /**
   * Batch-2 feeds for guidance in one run: every condition tensor is [cond; uncond] along the batch
   * axis (built once per window); the latent and time buffers are refilled each step.
   */
  private batchedFeeds(branchFeeds: { cond: Feeds; uncond: Feeds }, latentDims: number[], inputs: readonly TensorSpec[]): { feeds: Feeds; latent: Float32Array; time: Float32Array } {
    const feeds: Feeds = {};
    const latentSize = latentDims.reduce((a, d) => a * d, 1);
    const latent = new Float32Array(2 * latentSize);
    const time = new Float32Array(2);
    for (const spec of inputs) {
      if (spec.feed === 'latent') feeds[spec.name] = floatTensor(latent, [2, ...latentDims.slice(1)]);
      else if (spec.feed === 'time') feeds[spec.name] = floatTensor(time, [2]);
      else {
        const c = branchFeeds.cond[spec.name];
        const u = branchFeeds.uncond[spec.name];
        if (!c || !u || c.type !== 'float32' || u.type !== 'float32') {
          throw new FoleyError('MODEL_INVALID', `${this.bundle.id}: cfgBatching "batch" needs float32 condition "${spec.name}" in both branches.`);
        }
        const joined = new Float32Array(c.size + u.size);
        joined.set(c.data as Float32Array, 0);
        joined.set(u.data as Float32Array, c.size);
        feeds[spec.name] = floatTensor(joined, [2, ...c.dims.slice(1)]);
      }
    }
    return { feeds, latent, time };
  }

  async generate(req: FlowRequest, hooks: { onStep?: (done: number, total: number) => void; isCancelled?: () => boolean } = {}): Promise<FlowResult> {
    const b = this.bundle;
    const steps = req.steps ?? b.sampler.steps;
    const guidance = req.guidance ?? b.sampler.guidance;
    const sr = b.audio.sampleRateHz;
    const plan = planWindows(req.durationSec, b.windows, b.windowOverlapSec);
    const totalSamples = Math.max(1, Math.round(req.durationSec * sr));
    const parts: Array<{ startSample: number; channels: Float32Array[] }> = [];
    let stepMs = 0;
    let runMs = 0;
    let stepsDone = 0;
    const velocitySpec = b.stages.velocity as NonNullable<FlowBundle['stages']['velocity']>;
    const latentSpec = velocitySpec.inputs.find((s) => s.feed === 'latent');
    const timeSpec = velocitySpec.inputs.find((s) => s.feed === 'time');
    const outName = (velocitySpec.outputs[0] as TensorSpec).name;
    if (!latentSpec || !timeSpec) throw new FoleyError('MODEL_INVALID', `${b.id}: the velocity stage needs inputs with feed "latent" and "time".`);
    for (const [wi, place] of plan.entries()) {
      const { cond, uncond } = await this.conditionPools(req, place.window, place.startSec, place.usedSec);
      const velocitySession = await this.session('velocity', place.window);
      const latentDims = shapeOf(latentSpec, place.window, `${b.id} velocity.${latentSpec.name}`);
      const noise = seededNoise(latentDims.reduce((a, d) => a * d, 1), (req.seed + wi * 7919) >>> 0);
      // Feeds are assembled once per branch; each step only swaps the latent and time tensors.
      const branchFeeds = { cond: {} as Feeds, uncond: {} as Feeds };
      for (const [name, pool] of [['cond', cond], ['uncond', uncond]] as const) {
        for (const spec of velocitySpec.inputs) {
          if (spec.feed) continue;
          const t = pool.get(spec.name);
          if (!t) throw new FoleyError('MODEL_INVALID', `${b.id}: velocity input "${spec.name}" has no source.`);
          branchFeeds[name][spec.name] = t;
        }
      }
      const timeData = new Float32Array(1);
      const timeTensor = tensorFor(timeSpec.dtype, timeData, [1]);
      const batched = b.sampler.cfgBatching === 'batch' && guidance !== 1 ? this.batchedFeeds(branchFeeds, latentDims, velocitySpec.inputs) : undefined;
      const started = performance.now();
      const x = await eulerSample(noise, {
        steps,
        guidance,
        time: b.sampler.time,
        velocity: async (xs, tau, branch) => {
          if (hooks.isCancelled?.()) throw new FoleyError('CANCELLED', 'The job was cancelled.');
          timeData[0] = tau * b.sampler.timeScale;
          const feeds = branchFeeds[branch];
          feeds[latentSpec.name] = floatTensor(xs, latentDims);
          feeds[timeSpec.name] = timeTensor;
          const runStarted = performance.now();
          const out = await runSession(velocitySession, feeds);
          runMs += performance.now() - runStarted;
          const v = out[outName];
          if (!v) throw new FoleyError('MODEL_INVALID', `${b.id}: the velocity graph returned no ${outName}.`);
          return tensorData(v, outName);
        },
        batchedVelocity: batched
          ? async (xs, tau) => {
              if (hooks.isCancelled?.()) throw new FoleyError('CANCELLED', 'The job was cancelled.');
              batched.latent.set(xs, 0);
              batched.latent.set(xs, xs.length);
              batched.time.fill(tau * b.sampler.timeScale);
              const runStarted = performance.now();
              const out = await runSession(velocitySession, batched.feeds);
              runMs += performance.now() - runStarted;
              const v = out[outName];
              if (!v) throw new FoleyError('MODEL_INVALID', `${b.id}: the velocity graph returned no ${outName}.`);
              return tensorData(v, outName);
            }
          : undefined,
        onStep: () => {
          stepsDone++;
          hooks.onStep?.(stepsDone, steps * plan.length);
        },
      });
      stepMs += performance.now() - started;
      const audio = await this.decode(x, place.window);
      const used = Math.round(place.usedSec * sr);
      parts.push({ startSample: Math.round(place.startSec * sr), channels: audio.map((ch) => ch.subarray(0, used)) });
    }
    const outChannels = b.audio.channels;
    const fade = Math.round(b.windowOverlapSec * sr);
    const channels: Float32Array[] = [];
    for (let c = 0; c < outChannels; c++) {
      const chParts = parts.map((p) => ({ startSample: p.startSample, audio: (p.channels[c] ?? p.channels[0]) as Float32Array }));
      channels.push(stitchWindows(chParts, totalSamples, fade));
    }
    return { channels, sampleRateHz: sr, steps, windows: plan.length, msPerStep: stepsDone ? stepMs / stepsDone : 0, runMsPerStep: stepsDone ? runMs / stepsDone : 0 };
  }
}
