/**
 * Draws the plugin's PNG icons (a waveform glyph) with pngjs, at 1x and 2x. Run once when the design
 * changes: `node plugin/scripts/makeIcons.cjs`; the PNGs are committed under plugin/icons/.
 */
const fs = require('node:fs');
const path = require('node:path');
const { PNG } = require('pngjs');

function draw(size, fg, file) {
  const png = new PNG({ width: size, height: size });
  const bars = [0.35, 0.7, 1, 0.55, 0.85, 0.4];
  const barWidth = size / (bars.length * 2 + 1);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const slot = Math.floor(x / barWidth);
      const bar = slot % 2 === 1 ? bars[(slot - 1) / 2] : undefined;
      const half = bar === undefined ? 0 : (bar * size * 0.8) / 2;
      const on = bar !== undefined && Math.abs(y - size / 2) <= half;
      png.data[i] = fg[0];
      png.data[i + 1] = fg[1];
      png.data[i + 2] = fg[2];
      png.data[i + 3] = on ? 255 : 0;
    }
  }
  fs.writeFileSync(file, PNG.sync.write(png));
}

const dir = path.join(__dirname, '..', 'icons');
fs.mkdirSync(dir, { recursive: true });
for (const [name, size, color] of [
  ['icon-dark', 23, [230, 230, 230]],
  ['icon-dark@2x', 46, [230, 230, 230]],
  ['icon-light', 23, [40, 40, 40]],
  ['icon-light@2x', 46, [40, 40, 40]],
  ['plugin', 48, [45, 111, 219]],
  ['plugin@2x', 96, [45, 111, 219]],
]) {
  draw(size, color, path.join(dir, `${name}.png`));
}
