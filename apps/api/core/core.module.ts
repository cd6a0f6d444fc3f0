import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Config } from '../../../libs/config/index.js';

/** Injection token of the parsed, frozen Config. */
export const CONFIG = Symbol('CONFIG');

/**
 * The parsed config and the one data source, built by bootstrap and shared by every area. The data source is
 * destroyed on shutdown, after the HTTP server has stopped taking requests (Nest closes the server first).
 */
@Global()
@Module({})
export class CoreModule implements OnApplicationShutdown {
  static forRoot(config: Config, ds: DataSource): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: DataSource, useValue: ds },
      ],
      exports: [CONFIG, DataSource],
    };
  }

  constructor(private readonly ds: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}
