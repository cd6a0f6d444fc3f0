import { Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource, IsNull } from 'typeorm';
import type { Config } from '../../../libs/config/index.js';
import { PersonEntity, RoleAssignmentEntity } from '../../../libs/db/entities/index.js';
import { appendAudit } from '../../../libs/db/repositories/audit.repository.js';
import { grantsOf, loadUnits } from '../../../libs/db/repositories/org.repository.js';
import { endSessions, findPersonByEmail, lockPersonWithPassword } from '../../../libs/db/repositories/person.repository.js';
import { passwordProblems } from '../../../libs/domain/index.js';
import { CONFIG } from '../core/core.module.js';
import { invalidField } from '../http/refusal.js';
import { toGrantResponse, toPersonResponse, type GrantResponse, type PersonResponse } from '../org/org.mappers.js';
import { LoginThrottle } from './login-throttle.service.js';
import { configuredCost, hashPassword, needsRehash, verifyPassword } from './password.js';
import type { TokenPayload } from './jwt.guard.js';

export interface LoginResponse {
  accessToken: string;
  person: PersonResponse;
  /** True: the token allows only GET /me and POST /me/password until the password is changed. */
  mustChangePassword: boolean;
}

export type MeResponse = PersonResponse & { roles: GrantResponse[]; mustChangePassword: boolean };

const wrongLogin = 'wrong e-mail or password';

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
   * One answer for an unknown e-mail, a wrong password and a deactivated account, so the login form does not reveal
   * who has an account; the throttle (LoginThrottle) treats them alike too. A locked account is refused before the
   * password is even checked. A hash in an older format or at a lower cost is replaced by one at today's cost.
   */
  async login(email: string, password: string, address: string): Promise<LoginResponse> {
    await this.throttle.refuseIfLocked(email, address);
    const person = await findPersonByEmail(this.ds.manager, email, true);
    const matches = await verifyPassword(password, person?.passwordHash, configuredCost(this.config));
    if (!person || !matches || person.deactivatedAt !== null) {
      const active = person && person.deactivatedAt === null ? { personId: person.id, name: person.name } : null;
      await this.throttle.recordFailure(email, address, active);
      throw new UnauthorizedException(wrongLogin);
    }
    await this.throttle.recordSuccess(email, address);
    if (needsRehash(person.passwordHash, configuredCost(this.config))) await this.rehash(person.id, person.passwordHash as string, password);
    return this.session(person);
  }

  async me(personId: string): Promise<MeResponse> {
    const person = await this.ds.getRepository(PersonEntity).findOneBy({ id: personId });
    if (!person) throw new UnauthorizedException('the token names nobody known here; log in again');
    const [grants, units] = await Promise.all([grantsOf(this.ds.manager, personId), loadUnits(this.ds.manager)]);
    return { ...toPersonResponse(person), roles: grants.map((g) => toGrantResponse(g, units)), mustChangePassword: person.mustChangePassword };
  }

  /**
   * 修改密码: the current password, then a new one that keeps the rules. Every other session of the person ends (a
   * stolen token dies with the old password); the answer carries a fresh token, so the person stays logged in here.
   * A wrong current password counts as a failed login of the account: a stolen token is no unthrottled way to guess.
   */
  async changePassword(personId: string, currentPassword: string, newPassword: string, address: string): Promise<LoginResponse> {
    const problems = passwordProblems(newPassword, currentPassword);
    if (problems.length > 0) throw invalidField(`newPassword: ${problems.join('；')}`);
    const { email, name } = await this.ds.getRepository(PersonEntity).findOneByOrFail({ id: personId });
    await this.throttle.refuseIfLocked(email, address);
    const changed = await this.ds.transaction(async (m) => {
      const person = await lockPersonWithPassword(m, personId);
      if (!person || !(await verifyPassword(currentPassword, person.passwordHash, configuredCost(this.config)))) return null;
      await m.getRepository(PersonEntity).update({ id: personId }, { passwordHash: await hashPassword(newPassword, configuredCost(this.config)), mustChangePassword: false });
      await endSessions(m, personId);
      await appendAudit(m, { projectId: null, actorId: personId, action: 'password_changed', entity: 'person', entityId: personId, detail: { required: person.mustChangePassword } });
      return m.getRepository(PersonEntity).findOneByOrFail({ id: personId });
    });
    if (!changed) {
      await this.throttle.recordFailure(email, address, { personId, name });
      throw invalidField('currentPassword: 当前密码不正确');
    }
    await this.throttle.recordSuccess(email, address);
    return this.session(changed);
  }

  private async session(person: PersonEntity): Promise<LoginResponse> {
    const payload: TokenPayload = { sub: person.id, ver: person.tokenVersion };
    return { accessToken: await this.jwt.signAsync(payload), person: toPersonResponse(person), mustChangePassword: person.mustChangePassword };
  }

  /** Only if the hash is still the one just verified: a password changed in the meantime is not overwritten. */
  private async rehash(personId: string, verified: string, password: string): Promise<void> {
    const hash = await hashPassword(password, configuredCost(this.config));
    await this.ds.transaction(async (m) => {
      const { affected } = await m.getRepository(PersonEntity).update({ id: personId, passwordHash: verified }, { passwordHash: hash });
      if (affected) {
        await appendAudit(m, { projectId: null, actorId: personId, action: 'password_rehashed', entity: 'person', entityId: personId, detail: { format: hash.split('$')[1] } });
      }
    });
  }

  /**
   * The admin account from config exists, with an organisation-wide admin grant, after every start. Whatever is
   * created is audited; an account already in place keeps its password (it is not reset from config). Without
   * ADMIN_PASSWORD the account has the well-known default, so it must be changed at first login — also on an
   * account created before that rule, as long as it still has the default. The advisory lock lets several API
   * processes start at once without racing on the same e-mail.
   */
  async ensureAdmin(): Promise<void> {
    const { email, password, name, mustChangePassword } = this.config.admin;
    await this.ds.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', ['tandem:ensure-admin']);
      let admin = await findPersonByEmail(m, email, true);
      if (!admin) {
        admin = await m.getRepository(PersonEntity).save({ name, email, passwordHash: await hashPassword(password, configuredCost(this.config)), mustChangePassword });
        await appendAudit(m, { projectId: null, actorId: null, action: 'person_created', entity: 'person', entityId: admin.id, detail: { name, email, by: 'config', mustChangePassword } });
        this.logger.log(`created the admin account ${email}${mustChangePassword ? ' (its default password must be changed at first login)' : ''}`);
      } else if (mustChangePassword && !admin.mustChangePassword && (await verifyPassword(password, admin.passwordHash, configuredCost(this.config)))) {
        await m.getRepository(PersonEntity).update({ id: admin.id }, { mustChangePassword: true });
        await appendAudit(m, { projectId: null, actorId: null, action: 'password_change_required', entity: 'person', entityId: admin.id, detail: { reason: 'default password', by: 'config' } });
      }
      if (admin.deactivatedAt !== null) {
        // Another admin deactivated it on purpose: a restart must not hand its rights back.
        this.logger.warn(`the admin account ${email} from config is deactivated: not granting it the admin role`);
        return;
      }
      const granted = await m.getRepository(RoleAssignmentEntity).existsBy({ personId: admin.id, role: 'admin', orgUnitId: IsNull(), validUntil: IsNull() });
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
