// Preloaded (`node --require`) into a process whose peak memory a bench wants: writes its peak RSS
// (KiB, getrusage's ru_maxrss) to $QUOTH_BENCH_RSS_FILE when it exits. A child's rusage is not
// otherwise visible to Node.
const fs = require('node:fs');
process.on('exit', () => {
  const file = process.env.QUOTH_BENCH_RSS_FILE;
  if (file) fs.writeFileSync(file, String(process.resourceUsage().maxRSS));
});
