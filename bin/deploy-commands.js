#!/usr/bin/env node
// `npm run deploy-commands`: registers Quoth's slash commands with Discord (see docs/discord.md).
import { importSource } from './loadSource.js';

const { deployCommandsMain } = await importSource('deployCommands');
const { commands } = await importSource('commands');
process.exitCode = await deployCommandsMain(commands, process.env);
