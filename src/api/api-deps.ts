import type { SitrepContext } from '../app/context.ts';
import type { SitrepMetrics } from '../observability/metrics.ts';

/** What every route module gets. */
export interface ApiDeps {
  context: SitrepContext;
  metrics: SitrepMetrics;
  /** Reports whether this process's workers are running (for /readyz). */
  workersRunning: () => boolean;
}
