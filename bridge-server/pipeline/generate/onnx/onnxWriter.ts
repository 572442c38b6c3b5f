/**
 * Writes ONNX model protobufs from a small declarative graph description, with `onnx-proto`
 * (protobufjs) and no Python. Production uses it for `foley models selftest` and the CUDA probe; tests
 * use it to build graphs whose outputs are known analytically. Only the features our tiny graphs need
 * are supported: float32/int64/bool tensors, symbolic or fixed dimensions, int/float/ints attributes.
 */
import { onnx } from 'onnx-proto';

export type OnnxDtype = 'float32' | 'int64' | 'bool';
export type Dimension = number | string;

export interface ValueSpec {
  name: string;
  dtype: OnnxDtype;
  /** fixed sizes or symbolic names ("b", "n") */
  shape: readonly Dimension[];
}

export type AttributeValue = number | readonly number[] | { int: number } | { ints: readonly number[] };

export interface NodeSpec {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attributes?: Readonly<Record<string, AttributeValue>>;
}

export interface InitializerSpec {
  name: string;
  dims: readonly number[];
  /** float32 initializers take a Float32Array; int64 ones a plain number array */
  data: Float32Array | readonly number[];
}

export interface GraphSpec {
  name: string;
  inputs: readonly ValueSpec[];
  outputs: readonly ValueSpec[];
  nodes: readonly NodeSpec[];
  initializers?: readonly InitializerSpec[];
  /** default-domain opset; 18 takes reduction axes as inputs for every Reduce op we use */
  opset?: number;
}

const DTYPE_CODE: Readonly<Record<OnnxDtype, number>> = Object.freeze({
  float32: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
  bool: onnx.TensorProto.DataType.BOOL,
});

function valueInfo(v: ValueSpec): onnx.IValueInfoProto {
  return {
    name: v.name,
    type: {
      tensorType: {
        elemType: DTYPE_CODE[v.dtype],
        shape: { dim: v.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function attribute(name: string, value: AttributeValue): onnx.IAttributeProto {
  const A = onnx.AttributeProto.AttributeType;
  if (typeof value === 'number') return { name, type: A.FLOAT, f: value };
  if ('int' in value) return { name, type: A.INT, i: value.int };
  if ('ints' in value) return { name, type: A.INTS, ints: [...value.ints] };
  return { name, type: A.FLOATS, floats: [...(value as readonly number[])] };
}

function initializer(t: InitializerSpec): onnx.ITensorProto {
  if (t.data instanceof Float32Array) {
    const raw = new Uint8Array(t.data.buffer.slice(t.data.byteOffset, t.data.byteOffset + t.data.byteLength));
    return { name: t.name, dims: [...t.dims], dataType: DTYPE_CODE.float32, rawData: raw };
  }
  return { name: t.name, dims: [...t.dims], dataType: DTYPE_CODE.int64, int64Data: [...t.data] };
}

/** Encodes a graph description as a serialized ModelProto (bytes of an .onnx file). */
export function encodeOnnxModel(spec: GraphSpec): Uint8Array {
  const model: onnx.IModelProto = {
    irVersion: 8,
    producerName: 'foley-bridge',
    opsetImport: [{ domain: '', version: spec.opset ?? 18 }],
    graph: {
      name: spec.name,
      input: spec.inputs.map(valueInfo),
      output: spec.outputs.map(valueInfo),
      initializer: (spec.initializers ?? []).map(initializer),
      node: spec.nodes.map((n, i) => ({
        name: `${n.op.toLowerCase()}_${i}`,
        opType: n.op,
        input: [...n.inputs],
        output: [...n.outputs],
        attribute: Object.entries(n.attributes ?? {}).map(([k, v]) => attribute(k, v)),
      })),
    },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}
