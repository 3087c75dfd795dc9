import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.ts';
import { parseRecordQuery } from '../record-query.ts';
import { readRecordsPage } from '../read-records.ts';
import { readThroughput } from '../../observability/throughput.ts';

const MAX_THROUGHPUT_MINUTES = 180;

/** GET /api/records (filtered, cursor-paginated, newest first) and GET /api/throughput (records per minute). */
export function registerRecordRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { context } = deps;
  app.get('/api/records', async (request, reply) => {
    const parsed = parseRecordQuery((request.query ?? {}) as Record<string, unknown>);
    if (!parsed.ok) return reply.code(400).send({ error: parsed.error });
    return readRecordsPage(context.redis, context.keys.recordStream(), parsed.query);
  });
  app.get('/api/throughput', async (request, reply) => {
    const raw = (request.query as Record<string, unknown> | undefined)?.minutes;
    const minutes = raw === undefined ? 60 : Number(raw);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_THROUGHPUT_MINUTES) {
      return reply.code(400).send({ error: `minutes: expected a whole number 1..${MAX_THROUGHPUT_MINUTES}` });
    }
    return { minutes, points: await readThroughput(context.redis, context.keys, minutes) };
  });
}
