/**
 * Tiny ONNX graphs with analytically known outputs, for the CUDA probe, `foley models selftest`, the
 * bench and the tests. Each factory returns a GraphSpec for `encodeOnnxModel`. The flow graphs are
 * linear so a sampler run has a closed-form answer:
 *   text encoder   textEmbeds = Σ_l E[ids_l]·mask_l / max(1, Σ_l mask_l)            [b, C]
 *   visual encoder imageEmbeds = mean_{h,w}(pixels) · P                             [n, C]
 *   condition      condC = alpha·textEmbeds (+ mean_frames(clipF))                   [b, C]
 *   velocity       v = condC[:,None,:] + beta·latent + gamma·t                        [b, N, C]
 *   decoder        audio[b,0,:] = gain · flatten(latent)                              [b, 1, N·C]
 * so with beta = gamma = 0 Euler integration moves the noise by exactly condC, whatever the steps.
 * The optional MLP velocity graph is deliberately heavier (for the overhead bench and the
 * responsiveness test); its output is not used for accuracy checks.
 */
import type { GraphSpec, InitializerSpec, NodeSpec, ValueSpec } from './onnxWriter';

const axes = (name: string, values: number[]): InitializerSpec => ({ name, dims: [values.length], data: values });
const scalar = (name: string, value: number): InitializerSpec => ({ name, dims: [], data: new Float32Array([value]) });

/** Identity on a [1] float tensor: the smallest session there is (used to probe an execution provider). */
export function probeGraph(): GraphSpec {
  return {
    name: 'probe',
    inputs: [{ name: 'x', dtype: 'float32', shape: [1] }],
    outputs: [{ name: 'y', dtype: 'float32', shape: [1] }],
    nodes: [{ op: 'Identity', inputs: ['x'], outputs: ['y'] }],
  };
}

/** Mean of token embeddings under the attention mask (an empty prompt embeds to zeros). */
export function textEncoderGraph(o: { embedding: Float32Array; vocabSize: number; channels: number; maxLength: number }): GraphSpec {
  return {
    name: 'tiny_text_encoder',
    inputs: [
      { name: 'input_ids', dtype: 'int64', shape: ['b', o.maxLength] },
      { name: 'attention_mask', dtype: 'int64', shape: ['b', o.maxLength] },
    ],
    outputs: [{ name: 'text_embeds', dtype: 'float32', shape: ['b', o.channels] }],
    initializers: [
      { name: 'E', dims: [o.vocabSize, o.channels], data: o.embedding },
      axes('ax1', [1]),
      axes('axLast', [-1]),
      scalar('one', 1),
    ],
    nodes: [
      { op: 'Gather', inputs: ['E', 'input_ids'], outputs: ['tok'], attributes: { axis: { int: 0 } } },
      { op: 'Cast', inputs: ['attention_mask'], outputs: ['maskF'], attributes: { to: { int: 1 } } },
      { op: 'Unsqueeze', inputs: ['maskF', 'axLast'], outputs: ['mask3'] },
      { op: 'Mul', inputs: ['tok', 'mask3'], outputs: ['masked'] },
      { op: 'ReduceSum', inputs: ['masked', 'ax1'], outputs: ['sum'], attributes: { keepdims: { int: 0 } } },
      { op: 'ReduceSum', inputs: ['maskF', 'ax1'], outputs: ['count'], attributes: { keepdims: { int: 1 } } },
      { op: 'Max', inputs: ['count', 'one'], outputs: ['countSafe'] },
      { op: 'Div', inputs: ['sum', 'countSafe'], outputs: ['text_embeds'] },
    ],
  };
}

/** Per-frame mean colour projected to C channels. */
export function visualEncoderGraph(o: { projection: Float32Array; channels: number; width: number; height: number }): GraphSpec {
  return {
    name: 'tiny_visual_encoder',
    inputs: [{ name: 'pixel_values', dtype: 'float32', shape: ['n', 3, o.height, o.width] }],
    outputs: [{ name: 'image_embeds', dtype: 'float32', shape: ['n', o.channels] }],
    initializers: [{ name: 'P', dims: [3, o.channels], data: o.projection }, axes('axHW', [2, 3])],
    nodes: [
      { op: 'ReduceMean', inputs: ['pixel_values', 'axHW'], outputs: ['rgb'], attributes: { keepdims: { int: 0 } } },
      { op: 'MatMul', inputs: ['rgb', 'P'], outputs: ['image_embeds'] },
    ],
  };
}

/** The per-clip condition graph: runs once per window and branch, never per step. */
export function conditionGraph(o: { channels: number; alpha: number; videoFrames?: number }): GraphSpec {
  const nodes: NodeSpec[] = [{ op: 'Mul', inputs: ['text_embeds', 'alpha'], outputs: o.videoFrames ? ['textPart'] : ['cond_c'] }];
  const inputs: ValueSpec[] = [{ name: 'text_embeds', dtype: 'float32', shape: ['b', o.channels] }];
  if (o.videoFrames) {
    inputs.push({ name: 'clip_f', dtype: 'float32', shape: ['b', o.videoFrames, o.channels] });
    nodes.push({ op: 'ReduceMean', inputs: ['clip_f', 'ax1'], outputs: ['videoPart'], attributes: { keepdims: { int: 0 } } });
    nodes.push({ op: 'Add', inputs: ['textPart', 'videoPart'], outputs: ['cond_c'] });
  }
  return {
    name: 'tiny_condition',
    inputs,
    outputs: [{ name: 'cond_c', dtype: 'float32', shape: ['b', o.channels] }],
    initializers: [scalar('alpha', o.alpha), axes('ax1', [1])],
    nodes,
  };
}

/** v = condC[:,None,:] + beta·latent + gamma·t, on a latent frozen at `latentLength` frames. */
export function linearVelocityGraph(o: { channels: number; latentLength: number; beta: number; gamma: number }): GraphSpec {
  return {
    name: 'tiny_velocity',
    inputs: [
      { name: 'latent', dtype: 'float32', shape: ['b', o.latentLength, o.channels] },
      { name: 't', dtype: 'float32', shape: ['b'] },
      { name: 'cond_c', dtype: 'float32', shape: ['b', o.channels] },
    ],
    outputs: [{ name: 'velocity', dtype: 'float32', shape: ['b', o.latentLength, o.channels] }],
    initializers: [scalar('beta', o.beta), scalar('gamma', o.gamma), axes('ax1', [1]), axes('ax12', [1, 2])],
    nodes: [
      { op: 'Unsqueeze', inputs: ['cond_c', 'ax1'], outputs: ['c3'] },
      { op: 'Mul', inputs: ['latent', 'beta'], outputs: ['bx'] },
      { op: 'Unsqueeze', inputs: ['t', 'ax12'], outputs: ['t3'] },
      { op: 'Mul', inputs: ['t3', 'gamma'], outputs: ['gt'] },
      { op: 'Add', inputs: ['bx', 'c3'], outputs: ['s1'] },
      { op: 'Add', inputs: ['s1', 'gt'], outputs: ['velocity'] },
    ],
  };
}

/**
 * A heavier velocity network: v = condC + W2·tanh(W1·latent) with a wide hidden layer, so a step costs
 * a few milliseconds of real matrix work (bench, responsiveness test). Weights are small and seeded.
 */
export function mlpVelocityGraph(o: { channels: number; latentLength: number; hidden: number; w1: Float32Array; w2: Float32Array }): GraphSpec {
  return {
    name: 'tiny_mlp_velocity',
    inputs: [
      { name: 'latent', dtype: 'float32', shape: ['b', o.latentLength, o.channels] },
      { name: 't', dtype: 'float32', shape: ['b'] },
      { name: 'cond_c', dtype: 'float32', shape: ['b', o.channels] },
    ],
    outputs: [{ name: 'velocity', dtype: 'float32', shape: ['b', o.latentLength, o.channels] }],
    initializers: [
      { name: 'W1', dims: [o.channels, o.hidden], data: o.w1 },
      { name: 'W2', dims: [o.hidden, o.channels], data: o.w2 },
      axes('ax1', [1]),
      axes('ax12', [1, 2]),
    ],
    nodes: [
      { op: 'MatMul', inputs: ['latent', 'W1'], outputs: ['h'] },
      { op: 'Unsqueeze', inputs: ['t', 'ax12'], outputs: ['t3'] },
      { op: 'Add', inputs: ['h', 't3'], outputs: ['ht'] },
      { op: 'Tanh', inputs: ['ht'], outputs: ['a'] },
      { op: 'MatMul', inputs: ['a', 'W2'], outputs: ['m'] },
      { op: 'Unsqueeze', inputs: ['cond_c', 'ax1'], outputs: ['c3'] },
      { op: 'Add', inputs: ['m', 'c3'], outputs: ['velocity'] },
    ],
  };
}

/** Each latent frame becomes `channels` consecutive samples, times `gain`: [b,N,C] → [b,1,N·C]. */
export function flattenDecoderGraph(o: { channels: number; gain: number }): GraphSpec {
  return {
    name: 'tiny_decoder',
    inputs: [{ name: 'latents', dtype: 'float32', shape: ['b', 'n', o.channels] }],
    outputs: [{ name: 'audio', dtype: 'float32', shape: ['b', 1, 'samples'] }],
    initializers: [{ name: 'shape', dims: [3], data: [0, 1, -1] }, scalar('gain', o.gain)],
    nodes: [
      { op: 'Reshape', inputs: ['latents', 'shape'], outputs: ['flat'] },
      { op: 'Mul', inputs: ['flat', 'gain'], outputs: ['audio'] },
    ],
  };
}

/** Scorer audio tower: mean energy of K equal segments of the waveform, [b, S] → [b, K]. */
export function energyEnvelopeGraph(o: { samples: number; bands: number }): GraphSpec {
  return {
    name: 'tiny_audio_embed',
    inputs: [{ name: 'audio', dtype: 'float32', shape: ['b', o.samples] }],
    outputs: [{ name: 'audio_embeds', dtype: 'float32', shape: ['b', o.bands] }],
    initializers: [{ name: 'shape', dims: [3], data: [0, o.bands, -1] }, axes('axLast', [-1])],
    nodes: [
      { op: 'Reshape', inputs: ['audio', 'shape'], outputs: ['seg'] },
      { op: 'Mul', inputs: ['seg', 'seg'], outputs: ['sq'] },
      { op: 'ReduceMean', inputs: ['sq', 'axLast'], outputs: ['audio_embeds'], attributes: { keepdims: { int: 0 } } },
    ],
  };
}
