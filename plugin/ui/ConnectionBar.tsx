/**
 * Connection state and pairing: disconnected (with the retry countdown and the server address),
 * connecting, unpaired (start pairing), pairing (type the code `foley serve` prints), ready.
 */
import { useState } from 'react';
import type { BridgeClient } from '../bridge/bridgeClient';
import { usePanelState } from './usePanel';
import { Button, ErrorLine, TextField } from './widgets';

export function ConnectionBar({ bridge }: { bridge: BridgeClient }) {
  const { connection } = usePanelState();
  const [code, setCode] = useState('');
  const [url, setUrl] = useState(bridge.serverUrl);

  const label =
    connection.status === 'ready'
      ? `Connected · engine ${connection.engineVersion}`
      : connection.status === 'connecting'
        ? 'Connecting…'
        : connection.status === 'unpaired'
          ? 'Not paired'
          : connection.status === 'pairing'
            ? 'Pairing'
            : connection.retryInSec
              ? `Disconnected · retrying in ${connection.retryInSec} s`
              : 'Disconnected';

  return (
    <section className="fb-connection" data-testid="connection" data-status={connection.status}>
      <div className="fb-row">
        <span className={`fb-dot fb-dot-${connection.status}`} aria-hidden="true" />
        <span className="fb-status" data-testid="connection-status">
          {label}
        </span>
      </div>
      {connection.status === 'disconnected' ? (
        <div className="fb-row">
          <TextField label="Bridge address" value={url} onChange={setUrl} testId="bridge-url" />
          <Button onClick={() => bridge.connect(url)} testId="connect">
            Connect
          </Button>
          <ErrorLine error={connection.error} />
          <p className="fb-hint">Start the bridge with `foley serve`; it listens on ws://127.0.0.1:17345 by default.</p>
        </div>
      ) : null}
      {connection.status === 'unpaired' ? (
        <div className="fb-row">
          <Button variant="cta" onClick={() => void bridge.startPairing()} testId="pair-start">
            Pair with bridge
          </Button>
          <ErrorLine error={connection.error} />
        </div>
      ) : null}
      {connection.status === 'pairing' ? (
        <form
          className="fb-row"
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            void bridge.confirmPairing(code).then((ok) => ok && setCode(''));
          }}
        >
          <TextField label="Pairing code (shown by foley serve)" value={code} onChange={setCode} placeholder="123456" testId="pair-code" width={120} />
          <Button variant="cta" onClick={() => void bridge.confirmPairing(code).then((ok) => ok && setCode(''))} disabled={code.trim().length === 0} testId="pair-confirm">
            Pair
          </Button>
          <Button quiet onClick={() => void bridge.startPairing()}>
            New code
          </Button>
          <ErrorLine error={connection.error} />
        </form>
      ) : null}
    </section>
  );
}
