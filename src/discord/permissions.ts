import { PermissionFlagsBits, type BaseInteraction } from 'discord.js';
import { QuothError } from '../shared/errors.ts';

/**
 * /add and /remove are registered with Manage Server as their default member permission, but a
 * server's admins can override that in Integrations settings, so the handler checks again.
 */
export function requireManageGuild(interaction: BaseInteraction, action: string): void {
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    throw new QuothError(`You need the Manage Server permission to ${action}.`);
  }
}
