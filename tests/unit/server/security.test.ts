import { PairingManager, PAIRING_CODE_TTL_MS } from '../../../bridge-server/server/auth';
import { isHostAllowed, isOriginAllowed, parseOriginList } from '../../../bridge-server/server/origin';
import { TokenBucket } from '../../../bridge-server/server/rateLimit';

describe('isOriginAllowed', () => {
  const allow = ['http://localhost:*', 'http://127.0.0.1:5173'];
  it.each([
    [undefined, true],
    ['', true],
    ['uxp://com.foley.panel', true],
    ['http://localhost:3000', true],
    ['http://LOCALHOST:3000/', true],
    ['http://127.0.0.1:5173', true],
    ['http://127.0.0.1:5174', false],
    ['http://localhost', false],
    ['http://localhost:3000.evil.example', false],
    ['https://evil.example', false],
    ['null', false],
    ['file://', false],
    ['chrome-extension://abc', false],
    ['not a url', false],
  ])('%s -> %s', (origin, expected) => expect(isOriginAllowed(origin, allow)).toBe(expected));

  it('allows null only when listed', () => expect(isOriginAllowed('null', ['null'])).toBe(true));
  it('parses the env list', () => expect(parseOriginList(' http://a:1, http://b:2  http://c:3 ')).toEqual(['http://a:1', 'http://b:2', 'http://c:3']));
});

describe('isHostAllowed', () => {
  it.each([
    ['127.0.0.1:17345', true],
    ['localhost:17345', true],
    ['[::1]:17345', true],
    ['evil.example:17345', false],
    ['127.0.0.1.evil.example', false],
  ])('%s -> %s', (host, expected) => expect(isHostAllowed(host, '127.0.0.1')).toBe(expected));
});

describe('TokenBucket', () => {
  it('allows the burst, then refills at the rate', () => {
    let t = 0;
    const b = new TokenBucket(10, 5, () => t);
    expect(Array.from({ length: 7 }, () => b.take())).toEqual([true, true, true, true, true, false, false]);
    t += 250; // 2.5 tokens
    expect([b.take(), b.take(), b.take()]).toEqual([true, true, false]);
  });
});

describe('PairingManager', () => {
  it('accepts the printed code once, refuses wrong and expired codes, and backs off after lock-outs', () => {
    let t = 1_000_000;
    const codes: string[] = [];
    const p = new PairingManager({ now: () => t, onCode: (c) => codes.push(c) });
    expect(p.check('123456')).toBe('not-started');
    expect(p.start()).toEqual({ expiresInSec: 120 });
    const code = codes[0] as string;
    expect(code).toMatch(/^\d{6}$/);
    expect(p.check(code === '000000' ? '000001' : '000000')).toBe('wrong');
    expect(p.check(`${code}0`)).toBe('wrong');
    expect(p.check(code)).toBe('ok');
    expect(p.check(code)).toBe('not-started'); // single use

    p.start();
    t += PAIRING_CODE_TTL_MS + 1;
    expect(p.check(codes[1] as string)).toBe('expired');

    p.start();
    expect(p.lockOut()).toBe(2000);
    expect(p.check(codes[2] as string)).toBe('locked'); // and the code was voided
    t += 2001;
    expect(p.check(codes[2] as string)).toBe('not-started');
    expect(p.lockOut()).toBe(4000); // doubles
  });
});
