import { Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import type { Config } from '../../../libs/config/index.js';
import { PersonEntity, RoleAssignmentEntity } from '../../../libs/db/entities/index.js';
import { appendAudit } from '../../../libs/db/repositories/audit.repository.js';
import { grantsOf, loadUnits } from '../../../libs/db/repositories/org.repository.js';
import { CONFIG } from '../core/core.module.js';
import { toGrantResponse, toPersonResponse, type GrantResponse, type PersonResponse } from '../org/org.mappers.js';
import { LoginThrottle } from './login-throttle.service.js';
import { hashPassword, verifyPassword } from './password.js';
import type { TokenPayload } from './jwt.guard.js';

export interface LoginResponse {
  accessToken: string;
  person: PersonResponse;
}

export type MeResponse = PersonResponse & { roles: GrantResponse[] };

const findByEmail = (m: EntityManager, email: string, withPassword = false) => {
  const query = m.getRepository(PersonEntity).createQueryBuilder('p').where('lower(p.email) = lower(:email)', { email });
  return (withPassword ? query.addSelect('p.passwordHash') : query).getOne();
};

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /**
   * One answer for an unknown e-mail and a wrong password, so the login form does not reveal who has an account; the
   * throttle (LoginThrottle) treats both alike too. A locked account is refused before the password is even checked.
   */
  async login(email: string, password: string, address: string): Promise<LoginResponse> {
    await this.throttle.refuseIfLocked(email);
    const person = await findByEmail(this.ds.manager, email, true);
    if (!(await verifyPassword(password, person?.passwordHash)) || !person) {
      await this.throttle.recordFailure(email, address, person ? { personId: person.id, name: person.name } : null);
      throw new UnauthorizedException('wrong e-mail or password');
    }
    await this.throttle.recordSuccess(email);
    const payload: TokenPayload = { sub: person.id };
    return { accessToken: await this.jwt.signAsync(payload), person: toPersonResponse(person) };
  }

  async me(personId: string): Promise<MeResponse> {
    const person = await this.ds.getRepository(PersonEntity).findOneBy({ id: personId });
    if (!person) throw new UnauthorizedException('the token names nobody known here; log in again');
    const [grants, units] = await Promise.all([grantsOf(this.ds.manager, personId), loadUnits(this.ds.manager)]);
    return { ...toPersonResponse(person), roles: grants.map((g) => toGrantResponse(g, units)) };
  }

  /**
   * The admin account from config exists, with an organisation-wide admin grant, after every start. Whatever is
   * created is audited; an account already in place changes nothing (its password is not reset from config). The
   * advisory lock lets several API processes start at once without racing on the same e-mail.
   */
  async ensureAdmin(): Promise<void> {
    const { email, password, name } = this.config.admin;
    await this.ds.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', ['tandem:ensure-admin']);
      let admin = await findByEmail(m, email);
      if (!admin) {
        admin = await m.getRepository(PersonEntity).save({ name, email, passwordHash: await hashPassword(password) });
        await appendAudit(m, { projectId: null, actorId: null, action: 'person_created', entity: 'person', entityId: admin.id, detail: { name, email, by: 'config' } });
        this.logger.log(`created the admin account ${email}`);
      }
      const granted = await m.getRepository(RoleAssignmentEntity).existsBy({ personId: admin.id, role: 'admin', orgUnitId: IsNull() });
      if (!granted) {
        const grant = await m.getRepository(RoleAssignmentEntity).save({ personId: admin.id, orgUnitId: null, role: 'admin' });
        await appendAudit(m, {
          projectId: null,
          actorId: null,
          action: 'role_assigned',
          entity: 'role_assignment',
          entityId: grant.id,
          detail: { personId: admin.id, orgUnitId: null, role: 'admin', by: 'config' },
        });
      }
    });
  }
}
