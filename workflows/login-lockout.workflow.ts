import { workflowInfo } from '@temporalio/workflow';
import { noticeKey } from '../libs/domain/index.js';
import { directory, notify } from './activity-proxies.js';
import type { LoginLockoutInput } from './login-lockout.messages.js';

/**
 * 账号锁定提醒: the account's owner (was it them?) and the admins (is someone guessing?) are told that repeated failed
 * logins locked the account. One notice per person and lockout: the workflow id names the lockout and the key names
 * the workflow, so a retried start or activity never tells anyone twice.
 */
export async function loginLockout(input: LoginLockoutInput): Promise<void> {
  const { workflowId } = workflowInfo();
  const admins = await directory.resolveAdmins();
  const data = { personName: input.personName, email: input.email, failures: input.failures, lockedUntil: input.lockedUntil, address: input.address };
  await notify({ key: noticeKey(workflowId, 'owner', input.personId), recipientId: input.personId, kind: 'login_locked', projectId: null, data: { ...data, audience: 'owner' } });
  for (const adminId of admins.filter((id) => id !== input.personId)) {
    await notify({ key: noticeKey(workflowId, 'admin', adminId), recipientId: adminId, kind: 'login_locked', projectId: null, data: { ...data, audience: 'admin' } });
  }
}
