#!/usr/bin/env node
// `npx quoth` works right after `npm install` with no build step (see loadSource.js).
import { importSource } from './loadSource.js';

const { runCli } = await importSource('cli');
process.exitCode = await runCli(process.argv);
