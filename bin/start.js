#!/usr/bin/env node
// `npm start`: the Discord bot when DISCORD_TOKEN or DISCORD_PUBLIC_KEY is set, otherwise the interactive console.
import { importSource } from './loadSource.js';

await importSource('start');
