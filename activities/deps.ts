import type { DataSource } from 'typeorm';
import type { Mailer } from '../libs/mail/mailer.js';

/** Everything activities touch comes in here, built by the worker's composition root. */
export interface ActivityDeps {
  ds: DataSource;
  mailer: Mailer;
}
