import { startMailSink } from '../../libs/dev-stack/mail-sink.js';

/**
 * The SMTP peer of the worker, in its own process: parsing thousands of notices must not share an event loop
 * with the load generator, whose timers set the arrival rate.
 */
const sink = await startMailSink({ smtpPort: 0 });
process.send?.({ smtpPort: sink.smtpPort });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void sink.stop().then(() => process.exit(0)));
}
