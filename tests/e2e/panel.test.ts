/**
 * End to end in Debian's Chromium (playwright-core, no downloaded browsers): the panel in the browser
 * host page, a real `foley serve`, pairing with the code the server prints, Generate Foley for a selected
 * clip landing on the simulated Foley track at the clip's frame, a 5-marker batch landing 5 results, and a
 * screenshot in tests/e2e/artifacts/panel.png.
 *
 * Needs dist/ (npm test builds the server; the browser host is rebuilt here with webpack when
 * dist/browser-host is missing or older than the panel sources; `npm run test:e2e` builds both).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { lavfiClip } from '../helpers/mediaFixtures';
import { startRealBridge, type RealBridge } from './helpers/realBridge';

const ROOT = resolve(__dirname, '..', '..');
const HOST_DIR = join(ROOT, 'dist', 'browser-host');
const ARTIFACTS = join(ROOT, 'tests', 'e2e', 'artifacts');
const CHROMIUM = '/usr/bin/chromium';
const FPS = 25;

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.txt': 'text/plain' };

function serveStatic(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = normalize(join(dir, url.pathname === '/' ? 'index.html' : url.pathname));
    if (!path.startsWith(dir) || !existsSync(path)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

/** true when dist/browser-host is missing or older than any panel source (so a stale bundle is never tested) */
function bundleIsStale(): boolean {
  const bundle = join(HOST_DIR, 'browser-host.js');
  if (!existsSync(bundle)) return true;
  const builtMs = statSync(bundle).mtimeMs;
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
      const p = join(dir, e.name);
      return Math.max(max, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }, 0);
  return Math.max(newest(join(ROOT, 'plugin')), newest(join(ROOT, 'bridge-server', 'protocol')), statSync(join(ROOT, 'webpack.config.js')).mtimeMs) > builtMs;
}

let http: Server;
let bridge: RealBridge;
let browser: Browser;
let page: Page;
let videoPath: string;

beforeAll(async () => {
  if (bundleIsStale()) {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'webpack', 'bin', 'webpack.js'), '--mode', 'production', '--env', 'target=browser'], { cwd: ROOT, stdio: 'ignore' });
  }
  videoPath = await lavfiClip({ num: FPS, den: 1 }, 8);
  http = await serveStatic(HOST_DIR);
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  bridge = await startRealBridge(origin);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  const scene = {
    projectId: 'e2e-project',
    sequence: { id: 'seq-e2e', name: 'E2E Edit', fps: { num: FPS, den: 1 } },
    clips: [
      { id: 'c1', name: 'walk', mediaPath: videoPath, sourceInFrame: 25, startFrame: 100, durationFrames: 75 },
      { id: 'c2', name: 'wide', mediaPath: videoPath, sourceInFrame: 0, startFrame: 0, durationFrames: 100 },
    ],
    markers: [
      { id: 'k1', comments: 'SFX: knock', startFrame: 10, colorIndex: 0 },
      { id: 'k2', comments: 'SFX: glass shatters', startFrame: 30, colorIndex: 1 },
      { id: 'k3', comments: 'SFX: door slam', startFrame: 55, colorIndex: 1 },
      { id: 'k4', comments: 'SFX: footsteps on gravel', startFrame: 120, colorIndex: 4 },
      { id: 'k5', comments: 'SFX: metal clang', startFrame: 150, colorIndex: 6 },
      { id: 'k6', comments: 'music cue here', startFrame: 160, colorIndex: 6 },
    ],
    audioTracks: [{ name: 'Dialogue' }],
  };
  const query = new URLSearchParams({ bridge: bridge.url, scene: JSON.stringify(scene) });
  await page.goto(`${origin}/?${query.toString()}`);
}, 240000);

afterAll(async () => {
  await browser?.close();
  await bridge?.stop();
  http?.closeAllConnections();
  await new Promise((done) => (http ? http.close(done) : done(undefined)));
});

test('pair, generate for a selected clip, place it at the clip time; a 5-marker batch lands 5 results', async () => {
  await page.getByTestId('pair-start').click();
  const code = await bridge.nextPairingCode();
  await page.getByTestId('pair-code').fill(code);
  await page.getByTestId('pair-confirm').click();
  await page.waitForSelector('[data-testid="connection"][data-status="ready"]', { timeout: 15000 });

  await page.getByTestId('sim-clip-c1').click();
  await page.getByTestId('refresh-selection').click();
  await page.waitForSelector('[data-testid="selected-clips"]:has-text("walk")');
  await page.getByTestId('prompt').fill('sneakers on concrete');
  await page.getByTestId('generate').click();
  const clipJob = page.locator('.fb-job').first();
  await clipJob.waitFor();
  await page.waitForSelector('[data-testid^="job-"][data-status="done"], [data-testid^="job-"][data-status="failed"]', { timeout: 180000 });

  expect(await clipJob.getAttribute('data-status')).toBe('done');
  await clipJob.locator('[data-testid^="insert-"]').click();
  const foleyTrack = page.locator('[data-testid="sim-audio-track-1"][data-name="Foley"]');
  await foleyTrack.locator('[data-testid="sim-audio-item"]').first().waitFor();
  const clipItems = await foleyTrack.locator('[data-testid="sim-audio-item"]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-start-frame'), e.getAttribute('data-file')]));
  expect(clipItems).toHaveLength(1);
  expect(clipItems[0]?.[0]).toBe('100'); // the clip's timeline frame
  expect(clipItems[0]?.[1]).toMatch(/foley\.wav$/);

  // marker batch: the 5 markers with the SFX: prefix
  await page.getByTestId('tab-markers').click();
  await page.waitForSelector('[data-testid="marker-list"] [data-testid="marker-k5"]');
  expect(await page.locator('[data-testid="marker-list"] [data-testid^="marker-k"]').count()).toBe(5);
  await page.getByTestId('generate-markers').click();
  const batch = page.locator('[data-testid="marker-tab"] .fb-job');
  await batch.waitFor();
  await page.waitForSelector('[data-testid="marker-tab"] .fb-job[data-status="done"]', { timeout: 240000 });
  await batch.locator('[data-testid^="insert-"]').click();
  await foleyTrack.locator('[data-testid="sim-audio-item"]').nth(5).waitFor({ timeout: 15000 });
  const starts = await foleyTrack.locator('[data-testid="sim-audio-item"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-start-frame'))));
  for (const frame of [10, 30, 55, 120, 150]) expect(starts).toContain(frame);
  expect(await page.locator('[data-testid="marker-list"] [data-status="done"]').count()).toBe(5);

  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'panel-markers.png'), fullPage: true });
  await page.getByTestId('tab-generate').click();
  await page.getByTestId('generate-tab').waitFor();
  await page.screenshot({ path: join(ARTIFACTS, 'panel.png'), fullPage: true });
  expect(existsSync(join(ARTIFACTS, 'panel.png'))).toBe(true);
}, 600000);
