import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import type { Config } from '../../../libs/config/index.js';
import { PersonEntity, RoleAssignmentEntity } from '../../../libs/db/entities/index.js';
import { appendAudit } from '../../../libs/db/repositories/audit.repository.js';
import { grantsOf } from '../../../libs/db/repositories/org.repository.js';
import { CONFIG } from '../http/core.module.js';
import { toPersonResponse, type PersonResponse } from '../org/org.mappers.js';
import { hashPassword, verifyPassword } from './password.js';

@Injectable()
export class AuthService {
  constructor(
    private readonly ds: DataSource,
    private readonly jwt: JwtService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async login(email: string, password: string): Promise<{ accessToken: string; person: PersonResponse }> {
    const person = await this.ds
      .getRepository(PersonEntity)
      .createQueryBuilder('p')
      .addSelect('p.passwordHash')
      .where('lower(p.email) = lower(:email)', { email })
      .getOne();
    if (!person || !(await verifyPassword(password, person.passwordHash))) {
      await this.ds.transaction((m) =>
        appendAudit(m, { projectId: null, actorId: person?.id ?? null, action: 'login_denied', entity: 'person', entityId: email, detail: {} }),
      );
      throw new UnauthorizedException('wrong e-mail or password');
    }
    return { accessToken: await this.jwt.signAsync({ sub: person.id }), person: toPersonResponse(person) };
  }

  async me(personId: string) {
    const person = await this.ds.getRepository(PersonEntity).findOneByOrFail({ id: personId });
    return { ...toPersonResponse(person), roles: await grantsOf(this.ds.manager, personId) };
  }

  /** The admin from config exists after every start; creating it is audited, finding it changes nothing. */
  async ensureAdmin(): Promise<void> {
    const { email, password, name } = this.config.admin;
    await this.ds.transaction(async (m) => {
      const existing = await m.getRepository(PersonEntity).createQueryBuilder('p').where('lower(p.email) = lower(:email)', { email }).getOne();
      if (existing) return;
      const admin = await m.getRepository(PersonEntity).save({ name, email, passwordHash: await hashPassword(password) });
      await m.getRepository(RoleAssignmentEntity).save({ personId: admin.id, orgUnitId: null, role: 'admin' });
      await appendAudit(m, { projectId: null, actorId: null, action: 'admin_created', entity: 'person', entityId: admin.id, detail: { email } });
    });
  }
}
