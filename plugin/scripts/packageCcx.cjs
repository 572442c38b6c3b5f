/**
 * Packs the built UXP plugin folder (dist/plugin) into an installable `.ccx` (a zip with manifest.json at
 * its root) using node's zlib: deflate per file, CRC-32, local headers, central directory. No dependency.
 * Usage: node plugin/scripts/packageCcx.cjs [pluginDir] [outFile]
 */
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

function listFiles(dir, base = dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full, base));
    else if (entry.isFile() && !entry.name.endsWith('.map')) out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out;
}

/** DOS date/time of a fixed instant so the same build gives the same bytes. */
const DOS_TIME = 0;
const DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1;

function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const deflated = zlib.deflateRawSync(data, { level: 9 });
    const stored = deflated.length >= data.length;
    const body = stored ? data : deflated;
    const crc = zlib.crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

function packageCcx(pluginDir, outFile) {
  const manifestPath = path.join(pluginDir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) throw new Error(`${manifestPath} is missing: run \`npm run build:plugin\` first`);
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  if (Array.isArray(manifest.host)) throw new Error('manifest.json: "host" must be one object for a .ccx (Marketplace rejects arrays)');
  const files = listFiles(pluginDir).map((name) => ({ name, data: fs.readFileSync(path.join(pluginDir, name)) }));
  const target = outFile ?? path.join(path.dirname(pluginDir), `${manifest.id}_${manifest.version}.ccx`);
  fs.writeFileSync(target, zip(files));
  return { file: target, entries: files.map((f) => f.name) };
}

module.exports = { packageCcx, zip };

if (require.main === module) {
  try {
    const root = path.join(__dirname, '..', '..');
    const { file, entries } = packageCcx(process.argv[2] ?? path.join(root, 'dist', 'plugin'), process.argv[3]);
    process.stdout.write(`Wrote ${path.relative(process.cwd(), file)} (${entries.length} files)\n`);
  } catch (error) {
    process.stderr.write(`package:plugin: ${error.message}\n`);
    process.exit(3);
  }
}
