import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { Config } from '../../libs/config/index.js';
import { AccountsModule } from './accounts/accounts.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { CampaignsModule } from './campaigns/campaigns.module.js';
import { consoleModules } from './console/console.module.js';
import { CoreModule } from './core/core.module.js';
import { DeadlinesModule } from './deadlines/deadlines.module.js';
import { EvaluationsModule } from './evaluations/evaluations.module.js';
import { HealthModule } from './health/health.module.js';
import { ErrorFilter } from './http/error.filter.js';
import { IdempotencyInterceptor } from './http/idempotency.interceptor.js';
import { LedgerModule } from './ledger/ledger.module.js';
import { NoticesModule } from './notices/notices.module.js';
import { OrgAdminModule } from './org-admin/org-admin.module.js';
import { OrgModule } from './org/org.module.js';
import { PoliciesModule } from './policies/policies.module.js';
import { ProjectsModule } from './projects/projects.module.js';
import { StatsModule } from './stats/stats.module.js';
import { TasksModule } from './tasks/tasks.module.js';
import { TemporalModule } from './temporal/temporal.module.js';

/** The API: config, data source and Temporal client built once by bootstrap, one module per area, and the console. */
@Module({})
export class AppModule {
  static forRoot(config: Config, ds: DataSource, client: Client): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, ds),
        TemporalModule.forClient(client),
        AuthModule.forRoot(config),
        OrgModule,
        AccountsModule,
        OrgAdminModule,
        PoliciesModule,
        CalendarModule,
        ProjectsModule,
        TasksModule,
        DeadlinesModule,
        CampaignsModule,
        LedgerModule,
        EvaluationsModule,
        NoticesModule,
        AuditModule,
        StatsModule,
        HealthModule,
        ...consoleModules(config),
      ],
      providers: [
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
