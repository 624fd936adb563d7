/**
 * Structured JSON logs (pino) with secrets redacted by path, and the adapter that hands the PSN
 * client's log lines to it (requests are counted for the metrics through the client's `onRequest`).
 * @module
 */
import type { Logger as PsnLogger } from '@trophyroom/psn';
import pino, { type DestinationStream, type Logger } from 'pino';
import { SECRET_KEYS } from '@trophyroom/vault';

/** Wherever the secret keys appear (top level or one or two objects down), their value is replaced. */
export const redactPaths = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
  'req.headers.authorization',
  'req.headers.cookie',
];

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export function createLogger(options: { level?: LogLevel; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'trophyroom' },
      redact: { paths: redactPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}

/** The PSN client's logger, writing through pino. */
export function psnLogger(log: Logger): PsnLogger {
  const child = log.child({ component: 'psn' });
  return {
    debug: (message, fields) => child.debug(fields ?? {}, message),
    info: (message, fields) => child.info(fields ?? {}, message),
    warn: (message, fields) => child.warn(fields ?? {}, message),
    error: (message, fields) => child.error(fields ?? {}, message),
  };
}
