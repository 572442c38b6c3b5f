/**
 * The panel's WebSocket client for the bridge server. Owns the connection life cycle: `hello`, pairing
 * (the editor types the code the server prints) or `auth` with the stored token, request/reply matching
 * by id, job events, and automatic reconnect with backoff. Every message is validated with the shared
 * protocol schemas (bridge-server/protocol), never re-declared here.
 * Works with the browser's `WebSocket` (browser host, jsdom) and UXP's (Premiere; host-apis.md §2).
 */
import {
  PROTOCOL_VERSION,
  RESULT_SCHEMAS,
  ServerMessageSchema,
  type RequestInputOf,
  type RequestOp,
  type ResultOf,
  type ServerEvent,
} from '../../bridge-server/protocol';

export type ConnectionState =
  /** no socket; will retry when `retryInSec` is set */
  | { status: 'disconnected'; retryInSec?: number; error?: BridgeErrorInfo }
  | { status: 'connecting' }
  /** connected but not paired: the panel must start pairing */
  | { status: 'unpaired'; error?: BridgeErrorInfo }
  /** a code is showing in the server's terminal; waiting for the editor to type it */
  | { status: 'pairing'; expiresInSec: number; error?: BridgeErrorInfo }
  | { status: 'ready'; serverVersion: string; engineVersion: string };

export interface BridgeErrorInfo {
  code: string;
  message: string;
}

/** A failed request: the protocol code (or a client code such as NOT_CONNECTED) and a readable message. */
export class BridgeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
  toInfo(): BridgeErrorInfo {
    return { code: this.code, message: this.message };
  }
}

/** Where the pairing token lives between sessions (localStorage in both hosts). */
export interface TokenStore {
  load(): string | null;
  save(token: string | null): void;
}

export function localStorageTokenStore(key = 'foley-bridge.token'): TokenStore {
  return {
    load: () => globalThis.localStorage?.getItem(key) ?? null,
    save: (token) => {
      if (token === null) globalThis.localStorage?.removeItem(key);
      else globalThis.localStorage?.setItem(key, token);
    },
  };
}

type RequestFields<Op extends RequestOp> = Omit<RequestInputOf<Op>, 'id' | 'op'>;

interface Pending {
  op: RequestOp;
  resolve: (value: unknown) => void;
  reject: (error: BridgeError) => void;
}

export interface BridgeClientOptions {
  url: string;
  clientName: string;
  tokens: TokenStore;
  /** reconnect delays in seconds, the last one repeats */
  backoffSec?: readonly number[];
  requestTimeoutMs?: number;
}

const DEFAULT_BACKOFF_SEC = Object.freeze([1, 2, 4, 8]);

export class BridgeClient {
  private socket: WebSocket | null = null;
  private stateValue: ConnectionState = { status: 'disconnected' };
  private readonly stateListeners = new Set<(s: ConnectionState) => void>();
  private readonly eventListeners = new Set<(e: ServerEvent) => void>();
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private closedByUser = true;
  private url: string;
  private versions = { server: '', engine: '' };

  constructor(private readonly options: BridgeClientOptions) {
    this.url = options.url;
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  get serverUrl(): string {
    return this.url;
  }

  onState(listener: (s: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onEvent(listener: (e: ServerEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Opens the socket (and keeps reopening it until `disconnect`). */
  connect(url?: string): void {
    if (url && url !== this.url) {
      this.url = url;
      this.dropSocket();
    }
    this.closedByUser = false;
    this.clearRetry();
    if (this.socket) return;
    this.open();
  }

  disconnect(): void {
    this.closedByUser = true;
    this.clearRetry();
    this.dropSocket();
    this.setState({ status: 'disconnected' });
  }

  /** Asks the server to show a pairing code. */
  async startPairing(): Promise<void> {
    try {
      const { expiresInSec } = await this.request('pair.request', { clientName: this.options.clientName });
      this.setState({ status: 'pairing', expiresInSec });
    } catch (error) {
      this.setState({ status: 'unpaired', error: toBridgeError(error).toInfo() });
    }
  }

  /** Sends the code the editor typed; on success the token is stored and the state becomes ready. */
  async confirmPairing(code: string): Promise<boolean> {
    try {
      const { token } = await this.request('pair.confirm', { code: code.trim() });
      this.options.tokens.save(token);
      // pair.confirm authenticates this socket; later sockets send the token with auth
      this.setState({ status: 'ready', serverVersion: this.versions.server, engineVersion: this.versions.engine });
      return true;
    } catch (error) {
      const info = toBridgeError(error).toInfo();
      const current = this.stateValue;
      if (info.code === 'PAIR_CODE_EXPIRED' || info.code === 'PAIR_NOT_STARTED' || info.code === 'PAIR_LOCKED') {
        this.setState({ status: 'unpaired', error: info });
      } else {
        this.setState({ status: 'pairing', expiresInSec: current.status === 'pairing' ? current.expiresInSec : 0, error: info });
      }
      return false;
    }
  }

  /** Forgets the token (e.g. after the server's database was reset). */
  unpair(): void {
    this.options.tokens.save(null);
    if (this.socket) this.setState({ status: 'unpaired' });
  }

  /** Sends one request and resolves with its validated result. */
  request<Op extends RequestOp>(op: Op, fields: RequestFields<Op>): Promise<ResultOf<Op>> {
    const socket = this.socket;
    if (!socket || socket.readyState !== 1) {
      return Promise.reject(new BridgeError('NOT_CONNECTED', 'The bridge is not connected: start `foley serve` and check the port.'));
    }
    const id = `r${this.nextId++}`;
    return new Promise<ResultOf<Op>>((resolve, reject) => {
      const timeoutMs = this.options.requestTimeoutMs ?? 30000;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new BridgeError('TIMEOUT', `The bridge did not answer "${op}" within ${Math.round(timeoutMs / 1000)} s.`));
      }, timeoutMs);
      this.pending.set(id, {
        op,
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as ResultOf<Op>);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      socket.send(JSON.stringify({ ...fields, id, op }));
    });
  }

  private open(): void {
    this.setState({ status: 'connecting' });
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url);
    } catch (error) {
      this.scheduleRetry({ code: 'BAD_URL', message: `Cannot open ${this.url}: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.handshake().catch((error: unknown) => {
        this.setState({ status: 'disconnected', error: toBridgeError(error).toInfo() });
      });
    };
    socket.onmessage = (event: MessageEvent) => {
      if (typeof event.data === 'string') this.receive(event.data);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.failPending(new BridgeError('NOT_CONNECTED', 'The connection to the bridge closed.'));
      if (!this.closedByUser) this.scheduleRetry({ code: 'NOT_CONNECTED', message: `Cannot reach the bridge at ${this.url}.` });
    };
    socket.onerror = () => {
      // onclose follows and schedules the retry
    };
  }

  /** hello, then auth with the stored token; without a usable token the panel must pair. */
  private async handshake(): Promise<void> {
    const hello = await this.request('hello', { protocolVersion: PROTOCOL_VERSION, client: { name: this.options.clientName } });
    this.attempt = 0;
    this.versions = { server: hello.serverVersion, engine: hello.engineVersion };
    const token = this.options.tokens.load();
    if (!hello.authenticated) {
      if (!token) {
        this.setState({ status: 'unpaired' });
        return;
      }
      try {
        await this.request('auth', { token });
      } catch (error) {
        const info = toBridgeError(error).toInfo();
        if (info.code === 'AUTH_FAILED') this.options.tokens.save(null);
        this.setState({ status: 'unpaired', error: info.code === 'AUTH_FAILED' ? undefined : info });
        return;
      }
    }
    this.setState({ status: 'ready', serverVersion: hello.serverVersion, engineVersion: hello.engineVersion });
  }

  private receive(text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return;
    }
    const parsed = ServerMessageSchema.safeParse(value);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'ok' || message.type === 'error') {
      const pending = message.id === null ? undefined : this.pending.get(message.id);
      if (!pending || message.id === null) return;
      this.pending.delete(message.id);
      if (message.type === 'error') {
        pending.reject(new BridgeError(message.code, message.message));
        return;
      }
      const result = RESULT_SCHEMAS[pending.op].safeParse(message.result);
      if (result.success) pending.resolve(result.data);
      else pending.reject(new BridgeError('BAD_REPLY', `The bridge sent an unexpected "${pending.op}" reply.`));
      return;
    }
    for (const listener of this.eventListeners) listener(message);
  }

  private scheduleRetry(error: BridgeErrorInfo): void {
    const backoff = this.options.backoffSec ?? DEFAULT_BACKOFF_SEC;
    const delaySec = backoff[Math.min(this.attempt, backoff.length - 1)] ?? 4;
    this.attempt++;
    this.setState({ status: 'disconnected', retryInSec: delaySec, error });
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.closedByUser && !this.socket) this.open();
    }, delaySec * 1000);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private dropSocket(): void {
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.onopen = null;
      socket.close();
    }
    this.failPending(new BridgeError('NOT_CONNECTED', 'The connection to the bridge closed.'));
  }

  private failPending(error: BridgeError): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  private setState(state: ConnectionState): void {
    this.stateValue = state;
    for (const listener of this.stateListeners) listener(state);
  }
}

export function toBridgeError(error: unknown): BridgeError {
  if (error instanceof BridgeError) return error;
  if (error instanceof Error && 'code' in error && typeof (error as { code: unknown }).code === 'string') {
    return new BridgeError((error as { code: string }).code, error.message);
  }
  return new BridgeError('INTERNAL', error instanceof Error ? error.message : String(error));
}
