/**
 * All benchmark cases. To add one: create bench/cases/<name>.ts exporting a BenchCase, import it here.
 */
import type { BenchCase } from './types';
import { framesBench } from './cases/frames';
import { generateBench } from './cases/generate';
import { serverBench } from './cases/server';
import { syncBench } from './cases/sync';
import { planBench } from './cases/plan';
import { libraryBench } from './cases/library';
import { onnxBench } from './cases/onnx';
import { soundsBench } from './cases/sounds';
import { loudnessBench } from './cases/loudness';
import { deliverBench } from './cases/deliver';

export const BENCH_CASES: readonly BenchCase[] = [framesBench, generateBench, serverBench, syncBench, planBench, libraryBench, onnxBench, soundsBench, loudnessBench, deliverBench];
