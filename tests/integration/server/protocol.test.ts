/**
 * Protocol conformance and fuzzing against the real server process: every request op gets a reply that
 * matches the shared schemas, every event matches too, and ≥ 2000 malformed frames each get an error reply
 * while a well-formed client keeps being served.
 */
import { createRng, type Rng } from '../../../bridge-server/core/rng';
import { PROTOCOL_ERROR_CODES, REQUEST_OPS, RESULT_SCHEMAS, ServerMessageSchema, type RequestOp } from '../../../bridge-server/protocol';
import { Client, authed, getJson, pair, startServer, type Message, type ServerProcess } from './harness';
import { EXAMPLE_REQUESTS } from './examples';

/** the reply each example gets from a freshly paired panel (ok, or the error code) */
const EXPECTED: Record<RequestOp, 'ok' | string> = {
  hello: 'ok',
  'pair.request': 'ok',
  'pair.confirm': 'PAIR_CODE_WRONG',
  auth: 'AUTH_FAILED',
  generate: 'ok',
  plan: 'ok',
  cancel: 'NOT_FOUND',
  'jobs.list': 'ok',
  'jobs.get': 'NOT_FOUND',
  'jobs.retry': 'NOT_FOUND',
  'presets.list': 'ok',
  'presets.get': 'ok',
  'presets.save': 'ok',
  'presets.delete': 'NOT_FOUND',
  'presets.export': 'ok',
  'presets.import': 'ok',
  'presets.setDefault': 'ok',
  models: 'ok',
  health: 'ok',
};

function wrongTypeFor(value: unknown, rng: Rng): unknown {
  if (typeof value === 'string') return rng.next() < 0.5 ? 12345 : { s: value };
  if (typeof value === 'number') return rng.next() < 0.5 ? String(value) : [value];
  if (typeof value === 'boolean') return 'yes';
  if (Array.isArray(value)) return rng.next() < 0.5 ? 7 : 'list';
  if (value === null) return 42;
  return rng.next() < 0.5 ? 'object' : [1, 2];
}

/** one malformed frame and whether it is sent as binary; every one of them must be answered with an error */
function malformed(i: number, rng: Rng): { data: string | Buffer; binary: boolean; id: string | null } {
  const id = `z${i}`;
  const ops = REQUEST_OPS;
  const op = ops[rng.int(ops.length)] as RequestOp;
  switch (i % 10) {
    case 0: {
      const valid = JSON.stringify({ id, op, ...EXAMPLE_REQUESTS[op] });
      return { data: valid.slice(0, 1 + rng.int(valid.length - 2)), binary: false, id: null }; // truncated JSON
    }
    case 1:
      return { data: ['42', '"hello"', 'null', '[]', 'true', '[{"op":"hello"}]', '', ' '][rng.int(8)] as string, binary: false, id: null };
    case 2:
      return { data: JSON.stringify({ id, op: `op.${rng.int(1e9)}` }), binary: false, id };
    case 3: {
      // a field of the right name with the wrong type (or "op" itself)
      const base: Record<string, unknown> = { ...EXAMPLE_REQUESTS[op] };
      const keys = Object.keys(base);
      if (keys.length === 0) return { data: JSON.stringify({ id, op, extra: 1 }), binary: false, id };
      const k = keys[rng.int(keys.length)] as string;
      base[k] = wrongTypeFor(base[k], rng);
      return { data: JSON.stringify({ id, op, ...base }), binary: false, id };
    }
    case 4:
      return { data: JSON.stringify({ id, op, ...EXAMPLE_REQUESTS[op], ['unexpected' + rng.int(100)]: true }), binary: false, id };
    case 5: {
      // huge strings in every string slot
      const huge = 'x'.repeat(25_000 + rng.int(25_000));
      const base = JSON.parse(JSON.stringify(EXAMPLE_REQUESTS[op]), (_k, v: unknown) => (typeof v === 'string' ? huge : v)) as Record<string, unknown>;
      if (op === 'jobs.list' || op === 'models' || op === 'health') base.pad = huge;
      return { data: JSON.stringify({ id, op, ...base }), binary: false, id };
    }
    case 6: {
      const bytes = Buffer.alloc(1 + rng.int(512));
      for (let b = 0; b < bytes.length; b++) bytes[b] = rng.int(256);
      return { data: bytes, binary: true, id: null };
    }
    case 7:
      return { data: `${'['.repeat(2000 + rng.int(3000))}${']'.repeat(10)}`, binary: false, id: null };
    case 8:
      return { data: `{"id":"${id}","op":"presets.save","__proto__":{"admin":true},"projectId":"p","preset":{"name":"n","variations":"many"}}`, binary: false, id };
    default: {
      const weird = [{ id: 7, op }, { id, op: 12 }, { id: 'x'.repeat(500), op }, { id, op: null }, { op, id: '' }][rng.int(5)];
      return { data: JSON.stringify(weird), binary: false, id: null };
    }
  }
}

describe('bridge protocol conformance', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer({ env: { FOLEY_RATE_PER_SEC: '100000', FOLEY_RATE_BURST: '100000' } });
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
  });

  it('answers every op with a reply matching the shared schemas', async () => {
    const { client } = await pair(server);
    for (const op of REQUEST_OPS) {
      const fields = op === 'pair.confirm' ? { code: 'abcdef' } : EXAMPLE_REQUESTS[op];
      const r = await client.request(op, fields);
      expect(ServerMessageSchema.safeParse(r).success).toBe(true);
      if (EXPECTED[op] === 'ok') {
        expect({ op, type: r.type, detail: r.type === 'error' ? r.message : undefined }).toEqual({ op, type: 'ok', detail: undefined });
        const parsed = RESULT_SCHEMAS[op].safeParse(r.result);
        expect({ op, ok: parsed.success, error: parsed.success ? undefined : parsed.error.message }).toEqual({ op, ok: true, error: undefined });
      } else {
        expect({ op, type: r.type, code: r.code }).toEqual({ op, type: 'error', code: EXPECTED[op] });
      }
    }
    // the generate and plan jobs above end (done, or failed when no pipeline is built) with schema-valid events
    await client.wait((m) => m.type === 'job.done' || m.type === 'job.failed', 60000);
    const events = client.messages.filter((m) => m.type.startsWith('job.'));
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect({ type: e.type, ok: ServerMessageSchema.safeParse(e).success }).toEqual({ type: e.type, ok: true });
    client.close();
  });

  it('answers ≥ 2000 malformed frames with errors and keeps serving a well-formed client', async () => {
    const { token } = await pair(server);
    const fuzzer = await authed(server, token);
    const good = await authed(server, token);
    const rng = createRng('bridge-fuzz');
    const N = 2200;
    const sent: Array<string | null> = [];
    const from = fuzzer.messages.length;
    let goodOk = 0;
    const goodLoop = (async () => {
      for (let k = 0; k < 20; k++) {
        const r = await good.request('jobs.list', { limit: 1 });
        if (r.type === 'ok') goodOk++;
        const h = await getJson(server.port, '/health');
        expect(h.status).toBe(200);
      }
    })();
    for (let i = 0; i < N; i++) {
      const m = malformed(i, rng);
      sent.push(m.id);
      fuzzer.sendRaw(m.data, m.binary);
      if (i % 100 === 99) await fuzzer.wait(() => fuzzer.messages.length - from >= i + 1, 30000);
    }
    await fuzzer.wait(() => fuzzer.messages.length - from >= N, 60000);
    await goodLoop;
    const replies = fuzzer.messages.slice(from);
    expect(replies).toHaveLength(N);
    const codes = new Set<string>();
    replies.forEach((r: Message, i) => {
      expect(r.type).toBe('error');
      expect(PROTOCOL_ERROR_CODES).toContain(r.code);
      codes.add(r.code as string);
      // replies come in order; where the frame had a readable id, the reply carries it
      if (sent[i] !== null) expect(r.id).toBe(sent[i]);
    });
    expect([...codes].sort()).toEqual(['BAD_JSON', 'BAD_MESSAGE', 'BINARY_UNSUPPORTED', 'UNKNOWN_OP'].sort());
    expect(goodOk).toBe(20);
    // the fuzzed socket itself is still usable
    expect(await fuzzer.ok('jobs.list', { limit: 1 })).toHaveProperty('jobs');
    expect(fuzzer.closed).toBeNull();
    fuzzer.close();
    good.close();
  });

  it('serves GET /health with queue depth, backends and providers, and 404 elsewhere', async () => {
    const h = await getJson(server.port, '/health');
    expect(h.status).toBe(200);
    expect(RESULT_SCHEMAS.health.safeParse(h.body).success).toBe(true);
    expect(h.body).toMatchObject({ ok: true, protocolVersion: 1, workers: 2 });
    expect((await getJson(server.port, '/nope')).status).toBe(404);
  });
});
