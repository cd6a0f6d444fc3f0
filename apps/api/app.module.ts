import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { Config } from '../../libs/config/index.js';
import { AccessService } from './access/access.service.js';
import { AuthController } from './auth/auth.controller.js';
import { AuthService } from './auth/auth.service.js';
import { JwtGuard } from './auth/jwt.guard.js';
import { EvaluationsController } from './evaluations/evaluations.controller.js';
import { EvaluationsService } from './evaluations/evaluations.service.js';
import { HealthController } from './health/health.controller.js';
import { CoreModule } from './http/core.module.js';
import { ErrorFilter } from './http/error.filter.js';
import { LedgerController } from './ledger/ledger.controller.js';
import { LedgerService } from './ledger/ledger.service.js';
import { NoticesController } from './notices/notices.controller.js';
import { NoticesService } from './notices/notices.service.js';
import { OrgController } from './org/org.controller.js';
import { OrgService } from './org/org.service.js';
import { PoliciesController } from './policies/policies.controller.js';
import { PoliciesService } from './policies/policies.service.js';
import { ProjectsController } from './projects/projects.controller.js';
import { ProjectsService } from './projects/projects.service.js';
import { TasksController } from './tasks/tasks.controller.js';
import { TasksService } from './tasks/tasks.service.js';
import { TemporalModule } from './temporal/temporal.module.js';

@Module({})
export class AppModule {
  static forRoot(config: Config, ds: DataSource, client: Client): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, ds),
        TemporalModule.forClient(client),
        JwtModule.register({ secret: config.api.jwtSecret, signOptions: { expiresIn: config.api.jwtTtl as never } }),
      ],
      controllers: [
        AuthController,
        OrgController,
        PoliciesController,
        ProjectsController,
        TasksController,
        LedgerController,
        EvaluationsController,
        NoticesController,
        HealthController,
      ],
      providers: [
        { provide: APP_GUARD, useClass: JwtGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        AccessService,
        AuthService,
        OrgService,
        PoliciesService,
        ProjectsService,
        TasksService,
        LedgerService,
        EvaluationsService,
        NoticesService,
      ],
    };
  }
}
