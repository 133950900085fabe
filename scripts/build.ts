/**
 * Bundles dist/cli.js and dist/action.js (ESM, node24, code splitting so a backend loads
 * only when used). `--check` builds into a temporary folder and fails when dist/ differs.
 */
import { build, type Plugin } from 'esbuild';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/**
 * `@actions/core` imports its OIDC client (`@actions/http-client`, which bundles undici)
 * and `@actions/exec` at load time, for functions ci-scaler never calls; loading them
 * tripled the action's start-up. These packages do nothing when imported, so the bundler
 * may drop whatever is unused; where a lazily loaded backend uses them, they stay.
 * (`@actions/io` goes with `@actions/exec`. Listing it too made the build differ from run
 * to run: whether its ES modules kept Node's module mode depended on which import
 * resolved first, and check-dist then failed at random.)
 */
const PURE_PACKAGES = /^(@actions\/(http-client|exec)|undici)(\/|$)|^\.\/(oidc-utils|platform)\.js$/;
const pureImports: Plugin = {
  name: 'pure-imports',
  setup(b) {
    b.onResolve({ filter: PURE_PACKAGES }, async (args) => {
      if (args.pluginData === 'pure') return undefined;
      if (args.path.startsWith('./') && !args.importer.includes('/@actions/core/')) return undefined;
      const result = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'pure',
      });
      return { ...result, sideEffects: false };
    });
  },
};

/**
 * An ES module import of a Node built-in evaluates every export, and several are lazy
 * getters that load more of Node: `http.WebSocket` loads Node's internal undici (about
 * 25 ms, a quarter of the action's start-up), `crypto.webcrypto` the Web Crypto stack,
 * `fs.ReadStream` the streams. Through `require()` a built-in comes without touching them,
 * and esbuild's CommonJS interop reads each export only when the code uses it. Each
 * importing file gets its own two-line wrapper, so the wrappers add no shared chunks (every
 * chunk is one more module for the loader to fetch at start-up).
 */
const BUILTINS = new RegExp(`^(node:)?(${builtinModules.join('|')})$`);
const builtinsThroughRequire: Plugin = {
  name: 'builtins-through-require',
  setup(b) {
    b.onResolve({ filter: BUILTINS }, (args) =>
      args.namespace === 'builtin'
        ? { path: args.path, external: true }
        : {
            // Ends with the built-in's name: a path ending in `.mjs` would make esbuild read
            // the wrapper as an ES module.
            path: `${relative(root, args.importer)} needs ${args.path.replace(/^node:/, '')}`,
            namespace: 'builtin',
          },
    );
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
      contents: `module.exports = require('node:${args.path.split(' ').at(-1) ?? ''}');`,
      loader: 'js',
    }));
  },
};

/**
 * The CLI and the action are built apart: chunks shared by both would split the action's
 * start-up path into more modules than it needs.
 */
const ENTRIES = [{ cli: 'src/runtimes/cli-main.ts' }, { action: 'src/runtimes/action-entry.ts' }];

async function bundle(outdir: string): Promise<void> {
  await rm(outdir, { recursive: true, force: true });
  for (const entryPoints of ENTRIES) await bundleEntry(outdir, entryPoints);
}

async function bundleEntry(outdir: string, entryPoints: Record<string, string>): Promise<void> {
  await build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    chunkNames: 'chunks/[name]-[hash]',
    legalComments: 'none',
    // Some dependencies are CommonJS and call require() for Node built-ins.
    banner: {
      // CommonJS dependencies call require() for Node built-ins and read __dirname (ssh2,
      // under dockerode), which ES modules do not define.
      js: [
        "import { createRequire as __ciScalerRequire } from 'node:module';",
        "import { fileURLToPath as __ciScalerPath } from 'node:url';",
        'const require = __ciScalerRequire(import.meta.url);',
        'const __filename = __ciScalerPath(import.meta.url);',
        // globalThis: a bundled module may declare its own top-level URL.
        "const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));",
      ].join(' '),
    },
    // ssh2 (dockerode's ssh transport) loads these native addons inside try/catch and falls
    // back to JavaScript, so leaving them out of the bundle keeps dist/ portable.
    external: ['cpu-features', '*.node'],
    plugins: [pureImports, builtinsThroughRequire],
    logLevel: 'warning',
  });
}

async function files(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.set(relative(dir, path), await readFile(path, 'utf8'));
  }
  return out;
}

async function check(): Promise<number> {
  const tmp = await mkdtemp(join(tmpdir(), 'ci-scaler-dist-'));
  try {
    await bundle(tmp);
    const [want, have] = await Promise.all([files(tmp), files(join(root, 'dist'))]);
    const differ = [...new Set([...want.keys(), ...have.keys()])].filter((f) => want.get(f) !== have.get(f));
    if (differ.length === 0) {
      console.log(`dist/ is up to date (${want.size} files)`);
      return 0;
    }
    console.error(`dist/ is out of date: ${differ.join(', ')}\nRun \`npm run build\` and commit dist/.`);
    return 1;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

if (process.argv.includes('--check')) {
  process.exitCode = await check();
} else {
  await bundle(join(root, 'dist'));
  const built = await files(join(root, 'dist'));
  for (const [name, text] of built) console.log(`dist/${name}  ${(text.length / 1024).toFixed(1)} KiB`);
}
