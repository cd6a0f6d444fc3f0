import type { DataSource } from 'typeorm';
import type { Mailer } from '../libs/mail/mailer.js';

/** Everything activities touch comes in here, built by the worker's composition root. */
export interface ActivityDeps {
  ds: DataSource;
  mailer: Mailer;
  /** Where the console is (PUBLIC_URL): mails link to the exact page under it. Absent: they say to log in. */
  publicUrl?: string;
}
