/**
 * The one reader of configuration: settings file, secrets and environment, resolved once
 * (`resolveConfig`) and again only when something changes them. Every service asks `current()`;
 * the settings and secrets are written only through this reader, which then resolves again and
 * tells `onChange` listeners. An unreadable settings file means the defaults, and is logged.
 */
import type { SecretName, Settings } from '../../../shared/contract.js';
import type { Logger, SecretStore, SettingsStore } from '../ports.js';
import { resolveConfig, type EffectiveConfig } from './resolve-config.js';

/** The configuration in force, and the one way to change it. */
export interface ConfigReader {
  /** The effective configuration (resolved at the last change, not on every call). */
  current(): EffectiveConfig;
  /** Calls `listener` after every change, with the configuration before it. */
  onChange(listener: (config: EffectiveConfig, before: EffectiveConfig) => void): () => void;
  /** Reads the settings file and secrets again (at start, or after a change made elsewhere). */
  reload(): EffectiveConfig;
  /** Writes the settings file (the stored part only) and resolves again. */
  writeSettings(settings: Settings): EffectiveConfig;
  setSecret(name: SecretName, value: string): EffectiveConfig;
  deleteSecret(name: SecretName): EffectiveConfig;
}

/** What the reader reads from. */
export interface ConfigReaderDeps {
  settings: SettingsStore;
  secrets: SecretStore;
  /** Environment overrides (`ZEPHYR_*`), already read by the host. */
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
}

/** Builds the reader and resolves the configuration once. */
export function createConfigReader(deps: ConfigReaderDeps): ConfigReader {
  const { logger } = deps;
  const listeners = new Set<(config: EffectiveConfig, before: EffectiveConfig) => void>();

  function readRaw(): unknown {
    try {
      return deps.settings.readRaw();
    } catch (error) {
      logger.error('settings file unreadable; using defaults', { error: String(error) });
      return undefined;
    }
  }

  const resolve = () => resolveConfig({ raw: readRaw(), env: deps.env, secrets: deps.secrets });
  let config = resolve();

  function reload(): EffectiveConfig {
    const before = config;
    config = resolve();
    for (const message of config.errors) logger.warn(message);
    for (const listener of listeners) {
      try {
        listener(config, before);
      } catch (error) {
        logger.error('configuration listener failed', { error: String(error) });
      }
    }
    return config;
  }

  return {
    current: () => config,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reload,
    writeSettings(settings) {
      deps.settings.write(settings);
      return reload();
    },
    setSecret(name, value) {
      deps.secrets.set(name, value);
      return reload();
    },
    deleteSecret(name) {
      deps.secrets.delete(name);
      return reload();
    },
  };
}
