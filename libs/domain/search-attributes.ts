/**
 * Custom search attributes, as plain { name, type } pairs so workflow code can upsert them without
 * importing anything but @temporalio/workflow; libs/temporal registers the same list on the server.
 */
export const projectIdAttribute = { name: 'ProjectId', type: 'KEYWORD' } as const;
export const orgUnitIdAttribute = { name: 'OrgUnitId', type: 'KEYWORD' } as const;
export const stageAttribute = { name: 'Stage', type: 'KEYWORD' } as const;
export const yearAttribute = { name: 'Year', type: 'INT' } as const;

export const searchAttributeDefinitions = [projectIdAttribute, orgUnitIdAttribute, stageAttribute, yearAttribute];
