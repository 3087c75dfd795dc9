import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { Logger } from './logger.ts';

export interface ProcessStats {
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  rssMb: number;
  heapUsedMb: number;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * Event-loop delay and memory of this process, logged every interval and once more on stop, so an operator
 * (and the e2e benchmark) can see whether a stage blocks the loop without scraping /metrics.
 */
// The histogram records the time between samples, so an idle loop reads the resolution itself.
const RESOLUTION_MS = 10;

export class ProcessStatsLog {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly logger: Logger, intervalMs = 60_000) {
    this.histogram.enable();
    this.timer = setInterval(() => this.log('process stats'), intervalMs);
    this.timer.unref();
  }

  /** Stats since the start (the histogram is cumulative). */
  read(): ProcessStats {
    // Delay beyond the sampling interval: 0 for an idle loop.
    const ms = (ns: number) => round1(Math.max(0, ns / 1e6 - RESOLUTION_MS));
    const memory = process.memoryUsage();
    return {
      eventLoopDelayMs: { p50: ms(this.histogram.percentile(50)), p99: ms(this.histogram.percentile(99)), max: ms(this.histogram.max) },
      rssMb: round1(memory.rss / 1_048_576),
      heapUsedMb: round1(memory.heapUsed / 1_048_576),
    };
  }

  log(message: string): void {
    this.logger.info(this.read(), message);
  }

  stop(): void {
    clearInterval(this.timer);
    this.log('process stats at stop');
    this.histogram.disable();
  }
}
