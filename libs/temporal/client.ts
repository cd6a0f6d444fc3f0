import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config/index.js';

/** One connection and one Client per process; the caller closes the connection on shutdown. */
export async function connectClient(config: Config['temporal']): Promise<Client> {
  const connection = await Connection.connect({ address: config.address });
  return new Client({ connection, namespace: config.namespace });
}
