import { Client } from '@temporalio/client';
import { loadConfig } from '../../libs/config/index.js';
import { createApp } from './bootstrap.js';
import { keepEnsuringSchedules } from './temporal/schedules.js';

const config = loadConfig();
const app = await createApp(config);
await app.listen(config.api.port, '0.0.0.0');
console.log(`Tandem API listening on :${config.api.port} (docs at /api/docs)`);
// Not awaited before listening: with Temporal down the API still serves reads and answers commands 503 meanwhile.
const stopping = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stopping.abort());
void keepEnsuringSchedules(app.get(Client), config.temporal.taskQueue, stopping.signal, (message) => console.warn(message));
