import type { EntityManager } from 'typeorm';
import { PersonEntity } from '../entities/person.entity.js';

/** E-mails are unique whatever their case. */
export const findPersonByEmail = (m: EntityManager, email: string, withPassword = false) => {
  const query = m.getRepository(PersonEntity).createQueryBuilder('p').where('lower(p.email) = lower(:email)', { email });
  return (withPassword ? query.addSelect('p.passwordHash') : query).getOne();
};

/** The person with their password hash, locked until the transaction ends, so two changes never interleave. */
export const lockPersonWithPassword = (m: EntityManager, id: string) =>
  m.getRepository(PersonEntity).createQueryBuilder('p').addSelect('p.passwordHash').where('p.id = :id', { id }).setLock('pessimistic_write').getOne();

/** Every token the person holds stops working: they carry the version they were issued with. */
export async function endSessions(m: EntityManager, personId: string): Promise<void> {
  await m.getRepository(PersonEntity).increment({ id: personId }, 'tokenVersion', 1);
}
