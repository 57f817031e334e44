import type { Config } from '../config.ts';
import type { Engine, EngineOptions } from './engine.ts';

/**
 * Engine.open with the engine's code (search, answering, index writer) loaded at this call rather
 * than with the caller's module: `isnad articles` mostly lists an up-to-date index without it.
 */
export async function openEngine(config: Config, options: EngineOptions = {}): Promise<Engine> {
  const { Engine } = await import('./engine.ts');
  return Engine.open(config, options);
}
