import { ProviderError, type CallErrorClass } from '../domain/call.js';

/** What both SDKs' APIError carry, reduced to what classification needs. */
export interface HttpFailure {
  status: number;
  headers?: Headers;
  /** Provider error code or type (`insufficient_quota`, `rate_limit_error`, `content_filter`…). */
  codes: (string | null | undefined)[];
  message: string;
}

type ErrorClass<E extends Error = Error> = abstract new (...args: never[]) => E;

/** The error classes both official SDKs export (the same generator made both). */
export interface SdkErrorClasses<E extends Error> {
  APIUserAbortError: ErrorClass;
  APIConnectionTimeoutError: ErrorClass;
  APIConnectionError: ErrorClass;
  APIError: ErrorClass<E>;
}

/**
 * An SDK failure as a classified ProviderError, its message cleaned of the key; a user
 * abort passes through for the executor, and anything unknown is rethrown as it is.
 */
export function classifySdkError<E extends Error & { status?: number | undefined; headers?: Headers | undefined }>(
  error: unknown,
  apiKey: string,
  sdk: SdkErrorClasses<E>,
  codesOf: (error: E) => (string | null | undefined)[],
): unknown {
  if (error instanceof sdk.APIUserAbortError) return error;
  const clean = (message: string): string => redactSecrets(message, [apiKey]);
  if (error instanceof sdk.APIConnectionTimeoutError) return new ProviderError('timeout', 'request timed out');
  if (error instanceof sdk.APIConnectionError) return new ProviderError('server', clean(`connection failed: ${error.message}`));
  if (error instanceof sdk.APIError && typeof error.status === 'number') {
    return classifyHttpFailure({ status: error.status, headers: error.headers, codes: codesOf(error), message: clean(error.message) });
  }
  if (error instanceof SyntaxError) return new ProviderError('parse', `malformed response body: ${error.message}`);
  return error;
}

/**
 * Maps an HTTP failure to a call class. Retryable: 408/409/429/5xx. A 429 for an
 * exhausted quota, 401/402/403 and 404 (no such model or endpoint) can never succeed
 * for any sample, so they stop the lane at once.
 */
export function classifyHttpFailure(failure: HttpFailure): ProviderError {
  const { status, codes, message } = failure;
  const retryAfterMs = failure.headers ? parseRetryAfter(failure.headers) : undefined;
  const has = (code: string): boolean => codes.some((c) => c === code);
  const error = (errorClass: CallErrorClass, stopsLane = false): ProviderError =>
    new ProviderError(errorClass, `HTTP ${status}: ${message}`, { status, retryAfterMs, stopsLane });
  if (status === 429) return has('insufficient_quota') ? error('rate_limit', true) : error('rate_limit');
  if (status === 401 || status === 403) return error('auth', true);
  if (status === 402) return error('rate_limit', true);
  if (status === 408) return error('timeout');
  if (status === 409 || status >= 500) return error('server');
  if (has('content_filter') || has('content_policy_violation')) return error('content_filter');
  if (status === 404) return error('invalid_request', true);
  return error('invalid_request');
}

/** Server-suggested wait in ms from `retry-after-ms`, else `retry-after` (seconds or an HTTP date). */
export function parseRetryAfter(headers: Headers, now = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms);
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Removes every secret value from a text that may be stored, logged or shown (SDK messages may echo keys). */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) result = result.split(secret).join('[redacted]');
  }
  return result;
}
