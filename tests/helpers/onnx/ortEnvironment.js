/**
 * Jest environment for tests that call onnxruntime-node in-process. Jest runs tests in a separate
 * V8 context, but the native binding builds output tensors with the outer context's typed arrays, so
 * onnxruntime-common's `instanceof Float32Array` check fails ("A float32 tensor's data must be type
 * of Float32Array"). Sharing the outer typed-array constructors with the test context fixes it.
 * Use with the docblock `@jest-environment ./tests/helpers/onnx/ortEnvironment.js`.
 */
const { TestEnvironment } = require('jest-environment-node');

const SHARED = [
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Float32Array', 'Float64Array', 'Int8Array', 'Int16Array', 'Int32Array',
  'Uint8Array', 'Uint8ClampedArray', 'Uint16Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array',
];

class OrtEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = OrtEnvironment;
