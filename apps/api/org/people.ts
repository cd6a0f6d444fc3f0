import { In, type EntityManager } from 'typeorm';
import { PersonEntity } from '../../../libs/db/entities/index.js';
import { fieldLabel } from '../http/field-messages.js';
import { invalidField } from '../http/refusal.js';

/** Names of the people and units a response mentions, looked up once per request. */
export interface Names {
  people: ReadonlyMap<string, string>;
  units: ReadonlyMap<string, { name: string }>;
}

export const personName = (names: Names, id: string | null) => (id === null ? null : (names.people.get(id) ?? null));

/** Display names for the ids a response mentions (assignees, deciders, owners, evaluators), in one query. */
export async function personNames(m: EntityManager, ids: Iterable<string | null | undefined>): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => typeof id === 'string'))];
  if (wanted.length === 0) return new Map();
  const rows = await m.getRepository(PersonEntity).find({ where: { id: In(wanted) }, select: { id: true, name: true } });
  return new Map(rows.map((p) => [p.id, p.name]));
}

/** Refuses body ids that are not people, naming the field, before a workflow is asked to use them. */
export async function assertPeopleExist(m: EntityManager, fields: Record<string, string>, projectId: string | null = null): Promise<void> {
  const known = await personNames(m, Object.values(fields));
  const unknown = Object.entries(fields).filter(([, id]) => !known.has(id));
  if (unknown.length > 0) throw invalidField(unknown.map(([field]) => `${field}: 所选的${fieldLabel(field.split(/[.[\]]+/).filter(Boolean))}不是系统中的人员，请从人员列表中选择`).join('；'), projectId);
}
