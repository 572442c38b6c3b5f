/**
 * Builds the panel twice from one source tree (plugin/):
 *  - dist/plugin/        the UXP panel for Premiere Pro: index.html + bundle + manifest.json + icons,
 *                        loadable by the UXP Developer Tool; `premierepro` and `uxp` stay host modules.
 *  - dist/browser-host/  the browser host page (simulated timeline + the same panel) for development and e2e.
 * No html/copy plugins: a tiny plugin below emits the static files.
 */
const fs = require('node:fs');
const path = require('node:path');
const { sources } = require('webpack');

const ROOT = __dirname;

function html(title, body) {
  return `<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>${title}</title>\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
}

/** Emits static files (strings or copied files) into the output folder. */
class EmitStaticFiles {
  constructor(files) {
    this.files = files;
  }
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('EmitStaticFiles', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'EmitStaticFiles', stage: compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        for (const [name, content] of Object.entries(this.files())) {
          compilation.emitAsset(name, new sources.RawSource(content));
        }
      });
    });
  }
}

function iconFiles() {
  const dir = path.join(ROOT, 'plugin', 'icons');
  const out = {};
  for (const name of fs.readdirSync(dir)) if (name.endsWith('.png')) out[`icons/${name}`] = fs.readFileSync(path.join(dir, name));
  return out;
}

function common(mode) {
  return {
    mode,
    devtool: mode === 'production' ? false : 'source-map',
    resolve: { extensions: ['.tsx', '.ts', '.js'] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          loader: 'ts-loader',
          options: { configFile: path.join(ROOT, 'plugin', 'tsconfig.json'), transpileOnly: true, compilerOptions: { noEmit: false } },
          exclude: /node_modules/,
        },
      ],
    },
    performance: { hints: false },
  };
}

module.exports = (env = {}, argv = {}) => {
  const mode = argv.mode || 'production';
  const targets = String(env.target || 'plugin,browser').split(',');
  const configs = [];
  if (targets.includes('plugin')) {
    configs.push({
      ...common(mode),
      name: 'plugin',
      entry: { index: path.join(ROOT, 'plugin', 'entry', 'uxpPanel.tsx') },
      // UXP is not a browser: no eval-based source maps, no chunk splitting
      target: ['web', 'es2020'],
      output: { path: path.join(ROOT, 'dist', 'plugin'), filename: '[name].js', clean: true },
      externals: { premierepro: 'commonjs premierepro', uxp: 'commonjs uxp', fs: 'commonjs fs' },
      externalsType: 'commonjs',
      optimization: { splitChunks: false },
      plugins: [
        new EmitStaticFiles(() => ({
          'index.html': html('Foley Bridge', '<div id="root"></div>\n<script src="index.js"></script>'),
          'manifest.json': fs.readFileSync(path.join(ROOT, 'manifest.json')),
          ...iconFiles(),
        })),
      ],
    });
  }
  if (targets.includes('browser')) {
    configs.push({
      ...common(mode),
      name: 'browser',
      entry: { 'browser-host': path.join(ROOT, 'plugin', 'entry', 'browserHost.tsx') },
      target: 'web',
      output: { path: path.join(ROOT, 'dist', 'browser-host'), filename: '[name].js', clean: true },
      plugins: [new EmitStaticFiles(() => ({ 'index.html': html('Foley Bridge · browser host', '<div id="root" style="display:flex;width:100%"></div>\n<script src="browser-host.js"></script>') }))],
    });
  }
  return configs;
};
