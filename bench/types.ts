/**
 * Benchmarks: each case measures something and, where a target exists, a ratio against a baseline
 * measured in the same run (machines are noisy; absolute seconds mean little).
 */
export interface BenchRow {
  case: string;
  metric: string;
  value: number;
  unit: string;
  /** target the value is checked against, e.g. "<= 1.3" */
  target?: string;
  pass?: boolean;
  note?: string;
}

export interface BenchContext {
  /** scratch folder for this run (removed afterwards) */
  workDir: string;
  /** free-form options from the command line (--reference DIR, --audio, --quick …) */
  options: Record<string, string | boolean>;
  log: (line: string) => void;
}

export interface BenchCase {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}

/** Median of a list of numbers (bench figures are medians of repeated runs). */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const idx = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[idx] as number;
}
