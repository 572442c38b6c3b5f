/**
 * Writes complete tiny bundles (manifest, ONNX graphs, tokenizer, constants) into a folder. Used by
 * `foley models selftest` (a real end-to-end run of the runtime on the configured providers), by the
 * tests (whose expected outputs follow from the linear graphs in tinyGraphs.ts) and by the bench.
 * The tokenizer is a whole-word WordPiece vocabulary: ids are stable and easy to reason about.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '../../../core/rng';
import { type BundleInput } from './bundleSchema';
import { encodeOnnxModel, type GraphSpec } from './onnxWriter';
import {
  conditionGraph,
  energyEnvelopeGraph,
  flattenDecoderGraph,
  linearVelocityGraph,
  mlpVelocityGraph,
  textEncoderGraph,
  visualEncoderGraph,
} from './tinyGraphs';

export const TINY_VOCAB: readonly string[] = Object.freeze([
  '[PAD]', '[UNK]', 'a', 'the', 'of', 'on', 'in', 'and', 'footsteps', 'step', 'steps', 'door', 'knock', 'knocks', 'glass',
  'shatter', 'shatters', 'ball', 'bounce', 'bounces', 'wood', 'metal', 'concrete', 'gravel', 'water', 'splash', 'wind',
  'rain', 'room', 'tone', 'ambience', 'cloth', 'rustle', 'impact', 'hit', 'punch', 'slam', 'creak', 'click', 'this', 'is', 'sound',
]);

export interface TinyFlowOptions {
  kind?: 'v2a-flow' | 't2a-flow';
  id?: string;
  sampleRateHz?: number;
  /** latent channels = samples per latent frame in the tiny decoder */
  latentChannels?: number;
  windowsSec?: number[];
  steps?: number;
  guidance?: number;
  alpha?: number;
  beta?: number;
  gamma?: number;
  decoderGain?: number;
  time?: 'noiseToData' | 'sigma';
  cfgBatching?: 'separate' | 'batch';
  windowOverlapSec?: number;
  /** use the heavier MLP velocity network with this hidden width */
  mlpHidden?: number;
  /** v2a: visual stream */
  video?: { fps: number; width: number; height: number };
}

export interface TinyFlowBundle {
  dir: string;
  manifest: BundleInput;
  /** token embedding table [vocab, C] of the text encoder */
  embedding: Float32Array;
  /** v2a: colour projection [3, C] of the visual encoder */
  projection: Float32Array;
  channels: number;
}

function writeGraph(dir: string, file: string, graph: GraphSpec): void {
  writeFileSync(join(dir, file), encodeOnnxModel(graph));
}

/** tokenizer.json + tokenizer_config.json that @huggingface/transformers loads offline. */
export function writeTinyTokenizer(dir: string, maxLength: number): void {
  mkdirSync(dir, { recursive: true });
  const vocab = Object.fromEntries(TINY_VOCAB.map((w, i) => [w, i]));
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [
      { id: 0, content: '[PAD]', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
      { id: 1, content: '[UNK]', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
    ],
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: null,
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
  const config = {
    tokenizer_class: 'BertTokenizer',
    model_max_length: maxLength,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    do_lower_case: true,
    clean_up_tokenization_spaces: true,
  };
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify(config));
}

function seededMatrix(rows: number, cols: number, seed: string, scale: number): Float32Array {
  const rng = createRng(seed);
  const m = new Float32Array(rows * cols);
  for (let i = 0; i < m.length; i++) m[i] = rng.gauss() * scale;
  return m;
}

/** Writes a tiny flow bundle (t2a by default) and returns its manifest and weights. */
export function writeTinyFlowBundle(dir: string, options: TinyFlowOptions = {}): TinyFlowBundle {
  const kind = options.kind ?? 't2a-flow';
  const sampleRateHz = options.sampleRateHz ?? 16000;
  const channels = options.latentChannels ?? 64;
  const windowsSec = options.windowsSec ?? [1, 2];
  const maxLength = 16;
  const video = kind === 'v2a-flow' ? (options.video ?? { fps: 8, width: 32, height: 32 }) : undefined;
  mkdirSync(join(dir, 'consts'), { recursive: true });

  const embedding = seededMatrix(TINY_VOCAB.length, channels, 'tiny-embedding', 0.5);
  embedding.fill(0, 0, channels); // [PAD] embeds to zero
  const projection = seededMatrix(3, channels, 'tiny-projection', 0.5);
  writeGraph(dir, 'text_encoder.onnx', textEncoderGraph({ embedding, vocabSize: TINY_VOCAB.length, channels, maxLength }));
  writeGraph(dir, 'decoder.onnx', flattenDecoderGraph({ channels, gain: options.decoderGain ?? 0.1 }));
  writeTinyTokenizer(join(dir, 'tokenizer'), maxLength);

  const latentRateHz = sampleRateHz / channels;
  const windows = windowsSec.map((sec) => {
    const latentLength = Math.round(sec * latentRateHz);
    const frames = video ? Math.round(sec * video.fps) : undefined;
    const velocityFile = `velocity_${sec}s.onnx`;
    const conditionFile = `condition_${sec}s.onnx`;
    const velocity = options.mlpHidden
      ? mlpVelocityGraph({
          channels,
          latentLength,
          hidden: options.mlpHidden,
          w1: seededMatrix(channels, options.mlpHidden, 'tiny-w1', 1 / Math.sqrt(channels)),
          w2: seededMatrix(options.mlpHidden, channels, 'tiny-w2', 0.1 / Math.sqrt(options.mlpHidden)),
        })
      : linearVelocityGraph({ channels, latentLength, beta: options.beta ?? 0, gamma: options.gamma ?? 0 });
    writeGraph(dir, velocityFile, velocity);
    writeGraph(dir, conditionFile, conditionGraph({ channels, alpha: options.alpha ?? 1, videoFrames: frames }));
    return { durationSec: sec, latentLength, files: { velocity: velocityFile, condition: conditionFile } };
  });
  const first = windows[0] as (typeof windows)[number];

  const stages: NonNullable<BundleInput['stages']> = {
    textEncoder: {
      file: 'text_encoder.onnx',
      inputs: [
        { name: 'input_ids', dtype: 'int64', shape: ['b', maxLength], feed: 'inputIds' },
        { name: 'attention_mask', dtype: 'int64', shape: ['b', maxLength], feed: 'attentionMask' },
      ],
      outputs: [{ name: 'text_embeds', dtype: 'float32', shape: ['b', channels] }],
    },
    condition: {
      file: first.files.condition,
      inputs: [
        { name: 'text_embeds', dtype: 'float32', shape: ['b', channels] },
        ...(video ? [{ name: 'clip_f', dtype: 'float32' as const, shape: ['b', 'frames', channels] }] : []),
      ],
      outputs: [{ name: 'cond_c', dtype: 'float32', shape: ['b', channels] }],
    },
    velocity: {
      file: first.files.velocity,
      inputs: [
        { name: 'latent', dtype: 'float32', shape: ['b', 'latentLength', channels], feed: 'latent' },
        { name: 't', dtype: 'float32', shape: ['b'], feed: 'time' },
        { name: 'cond_c', dtype: 'float32', shape: ['b', channels] },
      ],
      outputs: [{ name: 'velocity', dtype: 'float32', shape: ['b', 'latentLength', channels] }],
    },
    decoder: {
      file: 'decoder.onnx',
      inputs: [{ name: 'latents', dtype: 'float32', shape: ['b', 'n', channels], feed: 'latent' }],
      outputs: [{ name: 'audio', dtype: 'float32', shape: ['b', 1, 'samples'] }],
    },
  };
  const manifest: BundleInput = {
    schema: 'foley-bundle/1',
    id: options.id ?? (kind === 'v2a-flow' ? 'tiny-v2a' : 'tiny-t2a'),
    kind,
    description: 'Tiny linear test bundle written by foley-bridge (not a trained model).',
    audio: { sampleRateHz, channels: 1, trainedDurationSec: Math.max(...windowsSec) },
    latent: { channels, rateHz: latentRateHz, layout: 'BNC' },
    decoderLayout: 'BNC',
    windows,
    windowOverlapSec: options.windowOverlapSec ?? 0.25,
    text: { tokenizerDir: 'tokenizer', maxLength, padToMax: true, negativePrompt: '' },
    video: [],
    nullConditions: {},
    sampler: { type: 'euler', steps: options.steps ?? 8, guidance: options.guidance ?? 3, time: options.time ?? 'noiseToData', timeScale: 1, cfgBatching: options.cfgBatching ?? 'separate' },
    stages,
  };
  if (video) {
    writeGraph(dir, 'visual_encoder.onnx', visualEncoderGraph({ projection, channels, width: video.width, height: video.height }));
    stages.visualEncoder = {
      file: 'visual_encoder.onnx',
      inputs: [{ name: 'pixel_values', dtype: 'float32', shape: ['n', 3, video.height, video.width], feed: 'pixels' }],
      outputs: [{ name: 'image_embeds', dtype: 'float32', shape: ['n', channels] }],
    };
    manifest.video = [
      {
        stage: 'visualEncoder',
        fps: { num: video.fps, den: 1 },
        width: video.width,
        height: video.height,
        scale: [0, 1],
        mean: [0.48145466, 0.4578275, 0.40821073],
        std: [0.26862954, 0.26130258, 0.27577711],
        chunkFrames: 16,
        feature: 'clip_f',
      },
    ];
    writeFileSync(join(dir, 'consts', 'null_clip.f32'), new Uint8Array(new Float32Array(channels).buffer));
    manifest.nullConditions = { clip_f: { file: 'consts/null_clip.f32', shape: [1, channels] } };
  }
  writeFileSync(join(dir, 'bundle.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, manifest, embedding, projection, channels };
}

/** A tiny audio-text scorer: energy envelope of K segments vs. the mean token embedding. */
export function writeTinyScorerBundle(dir: string, options: { id?: string; sampleRateHz?: number; samples?: number; bands?: number } = {}): {
  dir: string;
  embedding: Float32Array;
  bands: number;
} {
  const bands = options.bands ?? 8;
  const samples = options.samples ?? 16000;
  const maxLength = 16;
  mkdirSync(dir, { recursive: true });
  // Non-negative embeddings so cosine against an (always non-negative) energy envelope is meaningful.
  const embedding = seededMatrix(TINY_VOCAB.length, bands, 'tiny-scorer', 1).map(Math.abs);
  embedding.fill(0, 0, bands);
  writeGraph(dir, 'audio_embed.onnx', energyEnvelopeGraph({ samples, bands }));
  writeGraph(dir, 'text_embed.onnx', textEncoderGraph({ embedding, vocabSize: TINY_VOCAB.length, channels: bands, maxLength }));
  writeTinyTokenizer(join(dir, 'tokenizer'), maxLength);
  const manifest: BundleInput = {
    schema: 'foley-bundle/1',
    id: options.id ?? 'tiny-scorer',
    kind: 'audio-text-scorer',
    description: 'Tiny test scorer written by foley-bridge (not a trained model).',
    audio: { sampleRateHz: options.sampleRateHz ?? 16000, samples },
    text: { tokenizerDir: 'tokenizer', maxLength, padToMax: true },
    promptTemplate: '{}',
    stages: {
      audioEmbed: {
        file: 'audio_embed.onnx',
        inputs: [{ name: 'audio', dtype: 'float32', shape: ['b', samples], feed: 'audio' }],
        outputs: [{ name: 'audio_embeds', dtype: 'float32', shape: ['b', bands] }],
      },
      textEmbed: {
        file: 'text_embed.onnx',
        inputs: [
          { name: 'input_ids', dtype: 'int64', shape: ['b', maxLength], feed: 'inputIds' },
          { name: 'attention_mask', dtype: 'int64', shape: ['b', maxLength], feed: 'attentionMask' },
        ],
        outputs: [{ name: 'text_embeds', dtype: 'float32', shape: ['b', bands] }],
      },
    },
  };
  writeFileSync(join(dir, 'bundle.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, embedding, bands };
}
