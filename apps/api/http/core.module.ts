import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Config } from '../../../libs/config/index.js';

export const CONFIG = Symbol('CONFIG');

/** The data source and the parsed config, built once by bootstrap and shared by every area. */
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
