import { In, type DataSource } from 'typeorm';
import { CampaignEntity, ProjectEntity, TaskEntity, YearPolicyEntity } from '../libs/db/entities/index.js';
import { digestModeOf, digestOrder, type CalendarDate, type DigestMode, type PersonDigest } from '../libs/domain/index.js';
import { calendarLoader } from './calendar.activities.js';
import type { ActivityDeps } from './deps.js';

/** The digest mode of a year, by its stored policy (policies stored before digests existed: `also`). */
export async function digestModeOn(ds: DataSource, year: number): Promise<DigestMode> {
  const stored = await ds.getRepository(YearPolicyEntity).findOneBy({ year });
  return digestModeOf(stored?.body ?? null);
}

export interface DigestPlan {
  workingDay: boolean;
  mode: DigestMode;
  digests: PersonDigest[];
}

export function createDigestActivities({ ds }: ActivityDeps) {
  const calendar = calendarLoader(ds);
  return {
    /** Who gets a digest on `date` and what it lists: nobody on a day off, or when the year's policy sends none. */
    async digestPlan(input: { date: CalendarDate; at: string }): Promise<DigestPlan> {
      const workingDay = (await calendar()).isWorkingDay(input.date);
      const mode = await digestModeOn(ds, Number(input.date.slice(0, 4)));
      if (!workingDay || mode === 'off') return { workingDay, mode, digests: [] };
      const tasks = await ds.getRepository(TaskEntity).find({ where: { status: 'open' }, order: { createdAt: 'ASC', id: 'ASC' } });
      const ids = (key: 'projectId' | 'campaignId') => [...new Set(tasks.map((t) => t[key]).filter((id): id is string => id !== null))];
      const [projects, campaigns] = await Promise.all([
        ds.getRepository(ProjectEntity).findBy({ id: In(ids('projectId')) }),
        ds.getRepository(CampaignEntity).findBy({ id: In(ids('campaignId')) }),
      ]);
      const contexts = new Map([...projects, ...campaigns].map((x) => [x.id, x.title]));
      const now = Date.parse(input.at);
      const byPerson = new Map<string, PersonDigest>();
      for (const t of tasks) {
        const digest = byPerson.get(t.assigneeId) ?? { personId: t.assigneeId, items: [] };
        const context = contexts.get(t.projectId ?? t.campaignId ?? '') ?? null;
        digest.items.push({ title: t.title, context, dueAt: t.dueAt?.toISOString() ?? null, overdue: t.dueAt !== null && t.dueAt.getTime() < now });
        byPerson.set(t.assigneeId, digest);
      }
      return { workingDay, mode, digests: [...byPerson.values()].map((d) => ({ ...d, items: digestOrder(d.items) })) };
    },
  };
}
