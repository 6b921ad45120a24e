#!/usr/bin/env node
// `npm run deploy-commands`: registers Quoth's slash commands with Discord (see docs/discord.md).
import { register } from 'tsx/esm/api';
register();
const { deployCommandsMain } = await import('../src/discord/deployCommands.ts');
const { commands } = await import('../commands/index.ts');
process.exitCode = await deployCommandsMain(commands, process.env);
