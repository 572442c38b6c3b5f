import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  PROTOCOL_ERROR_CODES,
  REQUEST_OPS,
  SERVER_EVENT_TYPES,
  parseClientFrame,
  ServerMessageSchema,
} from '../../../bridge-server/protocol';

describe('parseClientFrame', () => {
  it('accepts a hello and applies defaults to a generate request', () => {
    const hello = parseClientFrame(JSON.stringify({ id: 'a1', op: 'hello', protocolVersion: 1, client: { name: 'panel' } }));
    expect(hello).toEqual({ ok: true, request: { id: 'a1', op: 'hello', protocolVersion: 1, client: { name: 'panel' } } });
    const gen = parseClientFrame(JSON.stringify({ id: 'g', op: 'generate', items: [{ videoPath: null, durationSec: 2, prompt: 'door knock' }] }));
    expect(gen.ok).toBe(true);
    if (gen.ok && gen.request.op === 'generate') {
      expect(gen.request.batch).toBe('clip');
      expect(gen.request.items[0]?.seed).toBe(1);
      expect(gen.request.items[0]?.markers).toEqual([]);
    }
  });

  it('names the error precisely and keeps the request id', () => {
    expect(parseClientFrame('{not json')).toMatchObject({ ok: false, error: { type: 'error', id: null, code: 'BAD_JSON' } });
    expect(parseClientFrame('[1,2]')).toMatchObject({ ok: false, error: { code: 'BAD_MESSAGE', id: null } });
    expect(parseClientFrame('{"id":"x","op":"rm -rf"}')).toMatchObject({ ok: false, error: { code: 'UNKNOWN_OP', id: 'x' } });
    const bad = parseClientFrame(JSON.stringify({ id: 'q', op: 'jobs.get', jobId: '../etc' }));
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_MESSAGE', id: 'q', issues: [{ path: 'jobId' }] } });
    const extra = parseClientFrame(JSON.stringify({ id: 'q', op: 'health', admin: true }));
    expect(extra).toMatchObject({ ok: false, error: { code: 'BAD_MESSAGE' } });
  });

  it('rejects a clip job with two items and duplicate item ids in a batch', () => {
    const item = { videoPath: null, durationSec: 1, itemId: 'm1' };
    const clip = parseClientFrame(JSON.stringify({ id: '1', op: 'generate', items: [item, { ...item, itemId: 'm2' }] }));
    expect(clip).toMatchObject({ ok: false, error: { code: 'BAD_MESSAGE', issues: [{ path: 'items' }] } });
    const dup = parseClientFrame(JSON.stringify({ id: '1', op: 'generate', batch: 'markers', items: [item, item] }));
    expect(dup).toMatchObject({ ok: false, error: { issues: [{ path: 'items[1].itemId' }] } });
  });

  it('does not let a request choose an output folder through overrides', () => {
    const r = parseClientFrame(JSON.stringify({ id: '1', op: 'generate', presetOverrides: { outputDir: '/tmp' }, items: [{ videoPath: null, durationSec: 1 }] }));
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_MESSAGE' } });
  });

  it('validates server messages with the shared schema', () => {
    expect(ServerMessageSchema.safeParse({ type: 'error', id: null, code: 'BAD_JSON', message: 'x' }).success).toBe(true);
    expect(ServerMessageSchema.safeParse({ type: 'error', id: null, code: 'NOPE', message: 'x' }).success).toBe(false);
    const progress = { type: 'job.progress', jobId: 'j', stage: 'mix', fraction: 0.5, itemFraction: 0.9, etaSec: null };
    expect(ServerMessageSchema.safeParse(progress).success).toBe(true);
  });
});

describe('docs/protocol.md', () => {
  const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'protocol.md'), 'utf8');
  it.each([...PROTOCOL_ERROR_CODES])('documents error code %s', (code) => expect(doc).toContain(`\`${code}\``));
  it.each([...REQUEST_OPS])('documents op %s', (op) => expect(doc).toContain(`\`${op}\``));
  it.each([...SERVER_EVENT_TYPES])('documents event %s', (t) => expect(doc).toContain(`\`${t}\``));
});

describe('protocol module tree', () => {
  it('imports only zod and contracts (the panel bundles it for the browser)', () => {
    const dir = join(__dirname, '..', '..', '..', 'bridge-server', 'protocol');
    for (const file of ['index.ts', 'codes.ts', 'requests.ts', 'messages.ts', 'parse.ts']) {
      const src = readFileSync(join(dir, file), 'utf8');
      const specs = [...src.matchAll(/from '([^']+)'/g)].map((m) => m[1] as string);
      for (const s of specs) expect(s === 'zod' || s.startsWith('./') || s.startsWith('../contracts/')).toBe(true);
    }
  });
});
