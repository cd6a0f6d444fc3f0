import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { AccountsModule } from '../accounts/accounts.module.js';
import { OrgAdminController } from './org-admin.controller.js';
import { OrgImportController } from './org-import.controller.js';
import { OrgImportService } from './org-import.service.js';
import { OrgUpkeepService } from './org-upkeep.service.js';
import { TermChangeScheduleController } from './term-change-schedule.controller.js';
import { TermChangeScheduleService } from './term-change-schedule.service.js';
import { TermChangeService } from './term-change.service.js';

/** Organisation upkeep for administrators: units renamed, moved and closed, people corrected, 换届, Excel import. */
@Module({
  imports: [AccessModule, AccountsModule],
  controllers: [OrgAdminController, OrgImportController, TermChangeScheduleController],
  providers: [OrgUpkeepService, TermChangeService, OrgImportService, TermChangeScheduleService],
})
export class OrgAdminModule {}
