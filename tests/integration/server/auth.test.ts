/**
 * Security of the real server process: pairing, tokens, what an unauthenticated socket may do, Origin and
 * Host checks on upgrades, message size cap and per-socket rate limit.
 */
import { request as httpRequest } from 'node:http';
import { REQUEST_OPS, UNAUTHENTICATED_OPS } from '../../../bridge-server/protocol';
import { Client, HELLO, authed, pair, startServer, type ServerProcess } from './harness';
import { EXAMPLE_REQUESTS } from './examples';

function upgradeStatus(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      path: '/',
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('bridge server security', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer({ args: ['--allow-origin', 'http://localhost:*'], env: { FOLEY_RATE_PER_SEC: '20', FOLEY_RATE_BURST: '40' } });
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
  });

  it('lets an unauthenticated socket do nothing but hello, pair and auth', async () => {
    const c = await Client.connect(server.port);
    // before hello, even pairing is refused
    expect(await c.request('pair.request', { clientName: 'x' })).toMatchObject({ type: 'error', code: 'HELLO_REQUIRED' });
    expect(await c.request('hello', { ...HELLO, protocolVersion: 99 })).toMatchObject({ type: 'error', code: 'VERSION_MISMATCH' });
    expect(await c.ok('hello', HELLO)).toMatchObject({ protocolVersion: 1, authenticated: false });
    const guarded = REQUEST_OPS.filter((op) => !UNAUTHENTICATED_OPS.includes(op) && op !== 'hello');
    expect(guarded.length).toBe(REQUEST_OPS.length - 4);
    for (const op of guarded) {
      const r = await c.request(op, EXAMPLE_REQUESTS[op]);
      expect({ op, type: r.type, code: r.code }).toEqual({ op, type: 'error', code: 'AUTH_REQUIRED' });
    }
    expect(await c.request('auth', { token: 'not-a-token' })).toMatchObject({ type: 'error', code: 'AUTH_FAILED' });
    expect(await c.request('pair.confirm', { code: '123456' })).toMatchObject({ type: 'error', code: 'PAIR_NOT_STARTED' });
    c.close();
  });

  it('pairs with the printed code, then authenticates later sockets with the token only', async () => {
    const { client, token, panelId } = await pair(server);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await client.ok('jobs.list', {})).toEqual({ jobs: [] });
    // the code is single-use
    expect(await client.request('pair.confirm', { code: '000000' })).toMatchObject({ type: 'error', code: 'PAIR_NOT_STARTED' });
    client.close();
    const again = await authed(server, token);
    expect(await again.ok('hello', HELLO)).toMatchObject({ authenticated: true });
    expect(await again.ok('jobs.list', {})).toEqual({ jobs: [] });
    again.close();
    // the token itself is not stored (only a salted hash)
    const { readFileSync, readdirSync } = await import('node:fs');
    const dbFiles = readdirSync(server.dataDir).filter((f) => f.startsWith('bridge.db'));
    for (const f of dbFiles) expect(readFileSync(`${server.dataDir}/${f}`).includes(Buffer.from(token))).toBe(false);
    expect(panelId).toMatch(/^panel-/);
  });

  it('closes the socket after five wrong codes and then backs off', async () => {
    const c = await Client.connect(server.port);
    await c.ok('hello', HELLO);
    const from = server.lines.length;
    await c.ok('pair.request', { clientName: 'attacker' });
    const code = (await server.waitForLine(/^Pairing code: (\d{6})$/, 5000, from))[1] as string;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 1; i <= 4; i++) expect(await c.request('pair.confirm', { code: wrong })).toMatchObject({ type: 'error', code: 'PAIR_CODE_WRONG' });
    expect(await c.request('pair.confirm', { code: wrong })).toMatchObject({ type: 'error', code: 'PAIR_CODE_WRONG' });
    await c.wait(() => c.closed !== null).catch(() => undefined);
    expect(c.closed?.code).toBe(4003);
    // a new socket cannot even use the right code during the back-off
    const d = await Client.connect(server.port);
    await d.ok('hello', HELLO);
    expect(await d.request('pair.confirm', { code })).toMatchObject({ type: 'error', code: 'PAIR_LOCKED' });
    expect(await d.request('pair.request', { clientName: 'x' })).toMatchObject({ type: 'error', code: 'PAIR_LOCKED' });
    d.close();
    await new Promise((r) => setTimeout(r, 2100)); // first back-off is 2 s
  });

  it('refuses upgrades from web origins and foreign Host headers', async () => {
    expect(await upgradeStatus(server.port, { Origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(server.port, { Origin: 'null' })).toBe(403);
    expect(await upgradeStatus(server.port, { Origin: 'http://127.0.0.1:8080' })).toBe(403);
    expect(await upgradeStatus(server.port, { Origin: 'http://localhost:8080.evil.example' })).toBe(403);
    expect(await upgradeStatus(server.port, { Host: 'evil.example', Origin: 'http://localhost:3000' })).toBe(403);
    expect(await upgradeStatus(server.port, {})).toBe(101);
    expect(await upgradeStatus(server.port, { Origin: 'http://localhost:3000' })).toBe(101);
    expect(await upgradeStatus(server.port, { Origin: 'uxp://foley-bridge' })).toBe(101);
    await expect(Client.connect(server.port, { Origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
  });

  it('closes a socket whose frame exceeds maxPayload (4 MiB)', async () => {
    const c = await Client.connect(server.port);
    c.sendRaw(JSON.stringify({ id: 'big', op: 'hello', pad: 'x'.repeat(4 * 1024 * 1024 + 10) }));
    await c.wait(() => c.closed !== null).catch(() => undefined);
    expect(c.closed?.code).toBe(1009);
  });

  it('answers RATE_LIMITED beyond the per-socket rate and stays usable', async () => {
    const c = await Client.connect(server.port);
    await c.ok('hello', HELLO);
    const from = c.messages.length;
    for (let i = 0; i < 100; i++) c.sendRaw(JSON.stringify({ id: `f${i}`, op: 'hello', ...HELLO }));
    await c.wait(() => c.messages.length - from >= 100);
    const replies = c.messages.slice(from);
    const limited = replies.filter((m) => m.code === 'RATE_LIMITED').length;
    // burst 40 (one token went to the hello above), refilled at 20/s while the frames arrive
    expect(limited).toBeGreaterThanOrEqual(50);
    expect(limited + replies.filter((m) => m.type === 'ok').length).toBe(100);
    expect(replies.filter((m) => m.type === 'ok').length).toBeGreaterThanOrEqual(39);
    await new Promise((r) => setTimeout(r, 300));
    expect(await c.ok('hello', HELLO)).toMatchObject({ protocolVersion: 1 });
    c.close();
  });
});
