/**
 * Pairing and tokens. A panel pairs once: the server shows a 6-digit code (valid 2 minutes), the panel
 * sends it back and receives a random 256-bit token. Only a salted SHA-256 of the token is stored (a
 * per-install salt in `settings`), so a copied database cannot authenticate. Wrong codes are counted per
 * socket (the connection closes it after MAX_WRONG_CODES) and every lock-out doubles a server-wide
 * back-off during which no code is accepted, and voids the active code.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { SqliteDatabase } from '../core/sqlite';

export const PAIRING_CODE_TTL_MS = 2 * 60 * 1000;
export const MAX_WRONG_CODES = 5;
const BACKOFF_BASE_MS = 2000;
const BACKOFF_MAX_MS = 5 * 60 * 1000;

export type PairCheck = 'ok' | 'not-started' | 'expired' | 'wrong' | 'locked';

export interface PairingOptions {
  now?: () => number;
  /** called with each new code (the server prints it and logs it) */
  onCode: (code: string, expiresAtMs: number) => void;
}

export class PairingManager {
  private active: { code: string; expiresAtMs: number } | null = null;
  private lockouts = 0;
  private lockedUntilMs = 0;
  private readonly now: () => number;

  constructor(private readonly options: PairingOptions) {
    this.now = options.now ?? Date.now;
  }

  /** starts (or restarts) pairing: a fresh code replaces any previous one */
  start(): { expiresInSec: number } {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAtMs = this.now() + PAIRING_CODE_TTL_MS;
    this.active = { code, expiresAtMs };
    this.options.onCode(code, expiresAtMs);
    return { expiresInSec: PAIRING_CODE_TTL_MS / 1000 };
  }

  lockedForMs(): number {
    return Math.max(0, this.lockedUntilMs - this.now());
  }

  check(candidate: string): PairCheck {
    if (this.lockedForMs() > 0) return 'locked';
    if (!this.active) return 'not-started';
    if (this.now() > this.active.expiresAtMs) {
      this.active = null;
      return 'expired';
    }
    const a = Buffer.from(candidate.padEnd(6, ' ').slice(0, 20), 'utf8');
    const b = Buffer.from(this.active.code.padEnd(a.length, ' '), 'utf8');
    if (a.length === b.length && timingSafeEqual(a, b)) {
      this.active = null; // one code pairs one panel
      return 'ok';
    }
    return 'wrong';
  }

  /** a socket used up its attempts: void the code and back off (doubling per lock-out) */
  lockOut(): number {
    this.lockouts += 1;
    this.active = null;
    const waitMs = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (this.lockouts - 1));
    this.lockedUntilMs = this.now() + waitMs;
    return waitMs;
  }
}

export class TokenStore {
  private readonly salt: Buffer;

  constructor(private readonly db: SqliteDatabase) {
    const row = db.prepare(`SELECT value FROM settings WHERE key = 'token_salt'`).get() as { value: string } | undefined;
    if (row) {
      this.salt = Buffer.from(row.value, 'hex');
    } else {
      this.salt = randomBytes(16);
      db.prepare(`INSERT INTO settings (key, value) VALUES ('token_salt', ?)`).run(this.salt.toString('hex'));
    }
  }

  private hash(token: string): string {
    return createHash('sha256').update(this.salt).update(token, 'utf8').digest('hex');
  }

  /** issues a token for a newly paired panel; the token itself is never stored */
  issue(clientName: string): { token: string; panelId: string } {
    const token = randomBytes(32).toString('base64url');
    const panelId = `panel-${randomBytes(6).toString('hex')}`;
    const now = Date.now();
    this.db
      .prepare(`INSERT INTO panels (id, token_hash, client_name, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)`)
      .run(panelId, this.hash(token), clientName, now, now);
    return { token, panelId };
  }

  /** the panel id for a token, or null */
  verify(token: string): string | null {
    const row = this.db.prepare(`SELECT id FROM panels WHERE token_hash = ?`).get(this.hash(token)) as { id: string } | undefined;
    if (!row) return null;
    this.db.prepare(`UPDATE panels SET last_seen_at = ? WHERE id = ?`).run(Date.now(), row.id);
    return row.id;
  }
}
