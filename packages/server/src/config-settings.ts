import { type SettingHelp, NONE } from './config-setting.js';
import { ACCESS_SETTINGS } from './config-settings-access.js';
import { SERVER_SETTINGS } from './config-settings-server.js';

export type { Setting, SettingHelp } from './config-setting.js';

/**
 * Every setting the server reads, in the order help lists them. config.ts loads and checks them
 * from here, and `gatehouse --help`, `serve --help` and the global flags describe them from here.
 */
export const SETTINGS = { ...SERVER_SETTINGS, ...ACCESS_SETTINGS };

/** The help table of `gatehouse --help`: flag, variable, default, meaning. */
export function settingsTable(): string[][] {
  return Object.values(SETTINGS).map((s: SettingHelp) => [s.flag?.name ?? '-', s.env, s.shown, s.help]);
}

/** A flag's description in a command's flag list: its meaning, then its variable and default. */
export function flagDescription(setting: SettingHelp): string {
  const help = setting.flag?.help ?? setting.help;
  return `${help} (env ${setting.env}${setting.shown === NONE ? '' : `, default ${setting.shown}`})`;
}
