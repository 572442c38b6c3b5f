/**
 * `foley library …` and `foley generate --preset library-first` end to end through the compiled CLI
 * (`npm test` builds it in `pretest`): a synthetic UCS library is indexed into a real SQLite file,
 * listed, searched and removed; a walking scene is then rendered with the library first, and report.json
 * must show library slices (with their source files) for the footsteps.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeSyntheticLibrary, type SyntheticLibrary } from '../../../bridge-server/pipeline/generate/library/syntheticLibrary';
import { ensureScene } from '../../scenes/generate';

const BIN = resolve(__dirname, '../../../bin/foley.js');

let work: string;
let lib: SyntheticLibrary;
let db: string;

function foley(args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 300000, env: { ...process.env, ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'foley-libcli-'));
  lib = await writeSyntheticLibrary(join(work, 'sfx'));
  db = join(work, 'index.sqlite');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('foley library', () => {
  it('adds a folder, lists files and errors, searches, and removes it', () => {
    const add = foley(['library', 'add', lib.root, '--db', db, '--json']);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const summary = JSON.parse(add.stdout) as { indexed: number; failed: number; duplicates: number };
    expect(summary).toMatchObject({ indexed: lib.files.filter((f) => f.indexable).length, failed: 3, duplicates: 1 });

    const list = JSON.parse(foley(['library', 'list', '--db', db, '--json']).stdout) as { counts: { files: number; errors: number }; files: Array<{ path: string }> };
    expect(list.counts).toMatchObject({ files: summary.indexed, errors: 3 });
    expect(list.files).toHaveLength(summary.indexed + 1); // plus the remembered duplicate

    const errors = JSON.parse(foley(['library', 'list', '--errors', '--db', db, '--json']).stdout) as Array<{ path: string; reason: string }>;
    expect(errors.map((e) => e.path.split('/').pop()).sort()).toEqual(['FEETHmn_Truncated Walk_ABC_009.wav', 'empty.wav', 'notes.wav']);
    const plain = foley(['library', 'list', '--errors', '--db', db]);
    expect(plain.stdout).toMatch(/notes\.wav\tnot a WAV file/);

    const search = foley(['library', 'search', 'boots', 'gravel', '--db', db, '--json']);
    expect(search.code).toBe(0);
    const hits = JSON.parse(search.stdout) as Array<{ path: string; catId: string }>;
    expect(hits[0]?.path).toBe(join(lib.root, 'Footsteps/FEETHmn_Gravel Boots Walk_ABC_001.wav'));
    expect(foley(['library', 'search', 'door', '--db', db]).stdout).toMatch(/DOORWood\tDoor Slam Heavy/);

    const again = JSON.parse(foley(['library', 'add', lib.root, '--db', db, '--json']).stdout) as { indexed: number; unchanged: number };
    expect(again).toMatchObject({ indexed: 0, unchanged: lib.files.length });

    const removed = foley(['library', 'remove', lib.root, '--db', db, '--json']);
    expect(JSON.parse(removed.stdout)).toMatchObject({ removedFiles: summary.indexed + 1, removedErrors: 3 });
    expect(JSON.parse(foley(['library', 'list', '--db', db, '--json']).stdout).counts).toMatchObject({ files: 0, errors: 0 });
  });

  it('reports bad input in one line with exit code 3 (2 for bad options)', () => {
    const missing = foley(['library', 'add', join(work, 'nope'), '--db', db]);
    expect(missing.code).toBe(3);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/nope: no such folder/);
    const file = foley(['library', 'add', join(lib.root, 'Broken/notes.wav'), '--db', db]);
    expect(file.code).toBe(3);
    expect(file.stderr).toMatch(/is not a folder/);
    const noIndex = foley(['library', 'search', 'x', '--db', join(work, 'none.sqlite')]);
    expect(noIndex.code).toBe(3);
    expect(noIndex.stderr).toMatch(/no library index yet/);
    expect(foley(['library', 'list', '--db', db, '--limit', 'many']).code).toBe(2);
  });
});

describe('foley generate --preset library-first', () => {
  it('uses library slices for the footsteps of a walking scene and names their source files in report.json', async () => {
    const dataDir = join(work, 'data');
    const env = { FOLEY_DATA_DIR: dataDir };
    expect(foley(['library', 'add', lib.root], env).code).toBe(0);
    const scene = await ensureScene('walker', { num: 25, den: 1 });
    const out = join(work, 'out');
    const r = foley(['generate', scene.videoPath, '--out', out, '--preset', 'library-first', '--json'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
      cues: Array<{ class: string; takeSyncSample: number; provenance: { backend: string; sourceFile?: string; sourceOffsetSec?: number } }>;
    };
    const steps = report.cues.filter((c) => c.class === 'footsteps');
    expect(steps.length).toBeGreaterThanOrEqual(3);
    for (const c of steps) {
      expect(c.provenance.backend).toBe('library');
      expect(c.provenance.sourceFile?.startsWith(join(lib.root, 'Footsteps'))).toBe(true);
      expect(c.provenance.sourceOffsetSec).toEqual(expect.any(Number));
    }
    // consecutive steps never reuse the same slice
    for (let i = 1; i < steps.length; i++) {
      const a = steps[i - 1]?.provenance;
      const b = steps[i]?.provenance;
      expect(`${b?.sourceFile}@${b?.sourceOffsetSec}`).not.toBe(`${a?.sourceFile}@${a?.sourceOffsetSec}`);
    }
  });
});
