/**
 * Worker-thread entry for `analyzePool`: analyses one file per message and posts the outcome back.
 * Only ever loaded as a Worker (from the compiled dist/ tree); analysis is pure, so workers share nothing.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeFile, type FileStat } from './analyzeFile';

const port = parentPort;
if (port) {
  port.on('message', (msg: { id: number; stat: FileStat }) => {
    analyzeFile(msg.stat).then(
      (outcome) => port.postMessage({ id: msg.id, outcome }),
      (e: unknown) => port.postMessage({ id: msg.id, outcome: { ok: false, stat: msg.stat, reason: `analysis failed: ${e instanceof Error ? e.message : String(e)}` } }),
    );
  });
}
