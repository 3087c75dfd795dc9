import { pino, type Logger, type LevelWithSilent, type DestinationStream } from 'pino';

export type { Logger };

/** Structured JSON logs; credentials in URLs are never logged (see redactUrl). */
export function createLogger(level: LevelWithSilent = 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { pid: process.pid, service: 'sitrep' },
    redact: { paths: ['redisUrl', '*.password', 'password', 'token', '*.token'], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options, pino.destination({ dest: 2, sync: false }));
}

// Pure, so the fetcher can use it without pulling in pino.
export { redactUrl } from './redact-url.ts';
