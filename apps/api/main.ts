import { Client } from '@temporalio/client';
import { loadConfig } from '../../libs/config/index.js';
import { createApp } from './bootstrap.js';
import { ensureDigestSchedule } from './temporal/digest-schedule.js';
import { ensureNoticeSweepSchedule } from './temporal/notice-sweep-schedule.js';

const config = loadConfig();
const app = await createApp(config);
await ensureDigestSchedule(app.get(Client), config.temporal.taskQueue);
await ensureNoticeSweepSchedule(app.get(Client), config.temporal.taskQueue);
await app.listen(config.api.port, '0.0.0.0');
console.log(`Tandem API listening on :${config.api.port} (docs at /api/docs)`);
