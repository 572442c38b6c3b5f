import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../bridge-server/core/atomic';

describe('writeFileAtomic', () => {
  it('replaces the file whole and leaves no temp files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'foley-atomic-'));
    const target = join(dir, 'plan.json');
    writeFileSync(target, 'old');
    writeFileAtomic(target, 'new content');
    expect(readFileSync(target, 'utf8')).toBe('new content');
    expect(readdirSync(dir)).toEqual(['plan.json']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the old file and cleans up when the write cannot complete', () => {
    const dir = mkdtempSync(join(tmpdir(), 'foley-atomic-'));
    const target = join(dir, 'taken');
    mkdirSync(target); // a folder where the file should go: rename must fail
    expect(() => writeFileAtomic(target, 'data')).toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(existsSync(join(target))).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });
});
