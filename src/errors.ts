/** Base for sitrep's own errors: a stable `code` to match on (prototypes are lost across processes), plus context. */
export class SitrepError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Invalid configuration: names the file, the field path and the line; nothing starts (exit 2). */
export class ConfigError extends SitrepError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SITREP_CONFIG_INVALID', message, options);
  }
}

/** No redis-server on PATH and no REDIS_URL. */
export class RedisUnavailableError extends SitrepError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SITREP_REDIS_UNAVAILABLE', message, options);
  }
}

/** A record failed schema validation: a programming error upstream, not retried. */
export class RecordInvalidError extends SitrepError {
  constructor(message: string) {
    super('SITREP_RECORD_INVALID', message);
  }
}

/** A sink could not write; the job fails and is retried, nothing is acknowledged unwritten. */
export class SinkWriteError extends SitrepError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SITREP_SINK_WRITE', message, options);
  }
}

export const ERROR_CODES = [
  'SITREP_CONFIG_INVALID',
  'SITREP_REDIS_UNAVAILABLE',
  'SITREP_RECORD_INVALID',
  'SITREP_SINK_WRITE',
] as const;
