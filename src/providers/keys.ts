import { InputError } from '../domain/errors.js';

/**
 * The API key for a lane, read from the environment only. A custom `baseURL` (a
 * local vLLM or Ollama) often needs no key, so a placeholder is sent when none is set.
 */
export function apiKeyFrom(env: NodeJS.ProcessEnv, name: string, owner: string, customEndpoint: boolean): string {
  const key = env[name];
  if (key) return key;
  if (customEndpoint) return 'no-key';
  throw new InputError(`${owner}: environment variable ${name} is not set (it must hold the API key)`);
}
