import { defineSearchAttributeKey } from '@temporalio/common';
import { orgUnitIdAttribute, projectIdAttribute, stageAttribute, yearAttribute } from '../domain/index.js';

export const ProjectIdKey = defineSearchAttributeKey(projectIdAttribute.name, projectIdAttribute.type);
export const OrgUnitIdKey = defineSearchAttributeKey(orgUnitIdAttribute.name, orgUnitIdAttribute.type);
export const StageKey = defineSearchAttributeKey(stageAttribute.name, stageAttribute.type);
export const YearKey = defineSearchAttributeKey(yearAttribute.name, yearAttribute.type);

/** Registered on every Temporal namespace Tandem uses, so operators can find executions by project, unit, stage and year. */
export const searchAttributes = [ProjectIdKey, OrgUnitIdKey, StageKey, YearKey];
