import { InitialSchema1795351134363 } from './1795351134363-InitialSchema.js';
import { ApprovalActions1795925219544 } from './1795925219544-ApprovalActions.js';
import { CalendarOverrides1795928916043 } from './1795928916043-CalendarOverrides.js';
import { DeadlinesAndReviews1795960000000 } from './1795960000000-DeadlinesAndReviews.js';
import { Campaigns1795990000000 } from './1795990000000-Campaigns.js';
import { Accountability1796000000000 } from './1796000000000-Accountability.js';
import { EvidenceFiles1796010000000 } from './1796010000000-EvidenceFiles.js';
import { ScoringV21796020000000 } from './1796020000000-ScoringV2.js';
import { NoticeClaims1796030000000 } from './1796030000000-NoticeClaims.js';
import { IdempotentRequests1796040000000 } from './1796040000000-IdempotentRequests.js';
import { AuditChainUnique1796050000000 } from './1796050000000-AuditChainUnique.js';
import { ProjectAttention1796060000000 } from './1796060000000-ProjectAttention.js';
import { CampaignClose1796070000000 } from './1796070000000-CampaignClose.js';
import { GuessedDates1796080000000 } from './1796080000000-GuessedDates.js';
import { Accounts1796100000000 } from './1796100000000-Accounts.js';
import { LoginLimits1796120000001 } from './1796120000001-LoginLimits.js';
import { NoticeSending1796140000001 } from './1796140000001-NoticeSending.js';
import { RoleTerms1796220000000 } from './1796220000000-RoleTerms.js';
import { TaskMeetingMembers1796400000000 } from './1796400000000-TaskMeetingMembers.js';
import { StatsIndexes1796600000000 } from './1796600000000-StatsIndexes.js';
import { TermChangeSchedules1796700000000 } from './1796700000000-TermChangeSchedules.js';
import { HistoryArchive1796900000000 } from './1796900000000-HistoryArchive.js';
import { FindingsListIndex1797000000000 } from './1797000000000-FindingsListIndex.js';
import { AccountabilityListIndex1797000100000 } from './1797000100000-AccountabilityListIndex.js';
import { ItemPosition1797000200000 } from './1797000200000-ItemPosition.js';

/** Listed explicitly: ESM has no reliable glob loading, and the order must never depend on the file system. */
export const migrations = [
  InitialSchema1795351134363,
  ApprovalActions1795925219544,
  CalendarOverrides1795928916043,
  DeadlinesAndReviews1795960000000,
  Campaigns1795990000000,
  Accountability1796000000000,
  EvidenceFiles1796010000000,
  ScoringV21796020000000,
  NoticeClaims1796030000000,
  IdempotentRequests1796040000000,
  AuditChainUnique1796050000000,
  ProjectAttention1796060000000,
  CampaignClose1796070000000,
  GuessedDates1796080000000,
  Accounts1796100000000,
  LoginLimits1796120000001,
  NoticeSending1796140000001,
  RoleTerms1796220000000,
  TaskMeetingMembers1796400000000,
  StatsIndexes1796600000000,
  TermChangeSchedules1796700000000,
  HistoryArchive1796900000000,
  FindingsListIndex1797000000000,
  AccountabilityListIndex1797000100000,
  ItemPosition1797000200000,
];
