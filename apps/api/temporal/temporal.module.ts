import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { WorkflowGateway } from './workflow-gateway.service.js';

/** One Client for the whole API, made by bootstrap; it starts nothing at boot and is closed on shutdown. */
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
