import { Client } from '@temporalio/client';
import { loadConfig } from '../../libs/config/index.js';
import { createLogger, exitOnFatal } from '../../libs/observability/logger.js';
import { createApp } from './bootstrap.js';
import { keepEnsuringSchedules } from './temporal/schedules.js';

try {
  const config = loadConfig();
  const logger = createLogger(config.log, 'api');
  const app = await createApp(config, logger);
  await app.listen(config.api.port, '0.0.0.0');
  logger.info(`Tandem API listening on :${config.api.port} (docs at /api/docs, metrics at /metrics)`);
  // Not awaited before listening: with Temporal down the API still serves reads and answers commands 503 meanwhile.
  const stopping = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stopping.abort());
  void keepEnsuringSchedules(app.get(Client), config.temporal.taskQueue, stopping.signal, (message) => logger.warn(message));
} catch (error) {
  exitOnFatal('api', 'the API did not start', error);
}
