import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { WorkflowGateway } from './workflow-gateway.service.js';

/**
 * The one Temporal Client of the API, connected by bootstrap. It starts no execution at boot (they start when a project
 * is submitted or a campaign issued); main only makes sure the daily digest's schedule exists. Its connection is closed
 * on shutdown.
 */
@Global()
@Module({})
export class TemporalModule implements OnApplicationShutdown {
  static forClient(client: Client): DynamicModule {
    return {
      module: TemporalModule,
      providers: [{ provide: Client, useValue: client }, WorkflowGateway],
      exports: [Client, WorkflowGateway],
    };
  }

  constructor(private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}
