// Imports point one way: src/shared at the bottom, the parts (ingest, text, embed, store, vector,
// retrieve, answer, summarize) above it, src/core above the parts, and the edges (CLI, console,
// Discord, commands) on top. `npm run lint:imports` checks this over src, commands and bench.
const PARTS = '^src/(store|text|answer|summarize|embed|ingest|retrieve|vector)/';
const EDGES = '^(src/(cli|console|discord|main[.]ts)|commands/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes two modules one: neither can be read, tested or replaced alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-is-the-ground-floor',
      severity: 'error',
      comment: 'src/shared (types, errors, logging) is imported by everything, so it imports nothing of src.',
      from: { path: '^src/shared/' },
      to: { path: '^(src|commands|bench)/', pathNot: '^src/shared/' },
    },
    {
      name: 'parts-do-not-import-upward',
      severity: 'error',
      comment: 'The parts are used by the core and the edges, never the other way round.',
      from: { path: PARTS },
      to: { path: `^src/core/|${EDGES}` },
    },
    {
      name: 'core-does-not-import-edges',
      severity: 'error',
      comment: 'The core knows nothing of terminals or Discord.',
      from: { path: '^src/(core/|config[.]ts)' },
      to: { path: EDGES },
    },
    {
      name: 'discord-does-not-import-commands',
      severity: 'error',
      comment: 'The command list is handed to the bot and the deploy script; src/discord never imports it.',
      from: { path: '^src/discord/' },
      to: { path: '^commands/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve is a typo or a missing dependency.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
