// Loads Quoth's TypeScript entry modules for the bin/ scripts, with no build step for the user.
//
// Why not just tsx: on Node 20, tsx's module hooks run on a separate thread (module.register), and
// every import waits for a round trip to it. A cold `quoth ask` spent about 0.45 s of its ~1.8 s
// there (bench/speed/coldStart.ts; `quoth --help` 0.7 s, 0.3 s from a bundle). So the sources are
// bundled with esbuild (the compiler tsx itself uses) into node_modules/.cache/quoth, once, and
// rebuilt when any bundled file changes. Anything that stops a bundle (a read-only install, no
// esbuild binary, QUOTH_TSX=1 to debug with the original file names) falls back to tsx as before.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
/** The modules bin/ scripts import, bundled together so that they share one copy of the core. */
const ENTRIES = {
  cli: 'src/cli/main.ts',
  start: 'src/main.ts',
  deployCommands: 'src/discord/deployCommands.ts',
  commands: 'commands/index.ts',
};
/** Bump when the build options change, so older bundles are not reused. */
const BUILD_FORMAT = 1;
/** Builds kept besides the current one: a long-running bot may still load lazy chunks of an older one. */
const KEEP_BUILDS = 8;
// One cache per checkout: worktrees can share a node_modules, and bundles hold absolute paths.
const cacheDir = path.join(
  root,
  'node_modules',
  '.cache',
  'quoth',
  crypto.createHash('sha1').update(root).digest('hex').slice(0, 12),
);
const currentFile = path.join(cacheDir, 'current.json');

/** The build whose every input is unchanged since it was made, or null. */
function freshBuild() {
  let current;
  try {
    current = JSON.parse(fs.readFileSync(currentFile, 'utf8'));
  } catch {
    return null;
  }
  if (current.format !== BUILD_FORMAT) return null;
  for (const [file, [mtimeMs, size]] of Object.entries(current.inputs)) {
    const stat = fs.statSync(path.join(root, file), { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs !== mtimeMs || stat.size !== size) return null;
  }
  const dir = path.join(cacheDir, current.build);
  return fs.existsSync(dir) ? dir : null;
}

// A bundle lives in another folder than its sources, so import.meta.url and import.meta.dirname
// (used to find data files, models and worker entries) are replaced by the source file's own.
const sourceLocation = {
  name: 'source-location',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      const meta = {
        url: JSON.stringify(pathToFileURL(args.path).href),
        dirname: JSON.stringify(path.dirname(args.path)),
        filename: JSON.stringify(args.path),
      };
      return {
        contents: text.replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, key) => meta[key]),
        loader: 'ts',
      };
    });
  },
};

async function buildBundle() {
  const esbuild = await import('esbuild');
  const name = `b-${Date.now()}-${process.pid}`;
  const outdir = path.join(cacheDir, name);
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir,
    bundle: true,
    // Separate chunks keep dynamic imports lazy: `quoth --help` does not load the ingest parsers.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    keepNames: true,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
    tsconfig: path.join(root, 'tsconfig.json'),
    plugins: [sourceLocation],
  });
  const inputs = {};
  for (const file of [...Object.keys(result.metafile.inputs), 'tsconfig.json']) {
    const stat = fs.statSync(path.join(root, file));
    inputs[file] = [stat.mtimeMs, stat.size];
  }
  // Written aside and renamed, so a concurrent start reads either the old or the new pointer whole.
  const temp = `${currentFile}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify({ format: BUILD_FORMAT, build: name, inputs }));
  fs.renameSync(temp, currentFile);
  pruneBuilds(name);
  return outdir;
}

function pruneBuilds(keep) {
  const builds = fs
    .readdirSync(cacheDir)
    .filter((f) => f.startsWith('b-') && f !== keep)
    .map((f) => ({ f, t: fs.statSync(path.join(cacheDir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of builds.slice(KEEP_BUILDS)) fs.rmSync(path.join(cacheDir, f), { recursive: true, force: true });
}

let buildDir;

async function bundleDir() {
  if (buildDir === undefined) {
    buildDir = null;
    if (process.env.QUOTH_TSX !== '1') {
      try {
        buildDir = freshBuild() ?? (await buildBundle());
      } catch {
        buildDir = null;
      }
    }
  }
  return buildDir;
}

let tsxRegistered = false;

/** Imports one of ENTRIES by name, from the bundle when there is one, through tsx otherwise. */
export async function importSource(name) {
  const dir = await bundleDir();
  if (dir) return import(pathToFileURL(path.join(dir, `${name}.js`)).href);
  if (!tsxRegistered) {
    const { register } = await import('tsx/esm/api');
    register();
    tsxRegistered = true;
  }
  return import(pathToFileURL(path.join(root, ENTRIES[name])).href);
}
