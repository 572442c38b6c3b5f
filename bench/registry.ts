/**
 * All benchmark cases. To add one: create bench/cases/<name>.ts exporting a BenchCase, import it here.
 */
import type { BenchCase } from './types';
import { framesBench } from './cases/frames';
import { serverBench } from './cases/server';
import { planBench } from './cases/plan';
import { onnxBench } from './cases/onnx';

export const BENCH_CASES: readonly BenchCase[] = [framesBench, serverBench, planBench, onnxBench];
