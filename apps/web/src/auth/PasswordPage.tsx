import { useState } from 'react';
import { Alert, App, Button, Flex, Form, Input } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { fieldErrors, messageOf } from '../api/errors';
import { queryClient } from '../api/query';
import { AuthCard } from './AuthCard';
import { useLogout } from './logout';
import { safeReturnTo } from './return-to';
import { currentSession, saveSession } from './session';

interface Passwords {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** The rules, to read before typing; the API checks them (libs/domain password-rules) and its message shows beside the field. */
const rules = '至少 10 个字符，包含小写字母、大写字母、数字、其他符号中的至少两类，且不能与当前密码相同';

/**
 * 修改密码, for anyone logged in, and the only page open to someone whose password must be changed first (reset by an
 * admin, or the default admin's). The answer is a fresh login, kept as the login page keeps it (the old token ends
 * with the old password); then on to the page the person was going to, else 待办.
 */
export function PasswordPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const logout = useLogout();
  const { message } = App.useApp();
  const [form] = Form.useForm<Passwords>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const required = currentSession()?.mustChangePassword === true;
  const next = safeReturnTo(params.get('returnTo'));

  const submit = async ({ currentPassword, newPassword }: Passwords) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await unwrap(api.POST('/api/me/password', { body: { currentPassword, newPassword } }));
      saveSession({ token: answer.accessToken, person: answer.person, mustChangePassword: answer.mustChangePassword });
      queryClient.clear();
      void message.success('密码已修改');
      await navigate(next, { replace: true });
    } catch (e) {
      const beside = fieldErrors(e, ['currentPassword', 'newPassword'] as const);
      if (beside.length > 0) form.setFields(beside);
      else setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title="修改密码">
      {required && <Alert type="warning" title="为了账号安全，请先设置新密码，再继续使用。" showIcon style={{ marginBottom: 16 }} />}
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} role="alert" />}
      <Form<Passwords> form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
        <Form.Item label="当前密码" name="currentPassword" rules={[{ required: true, message: '请输入当前密码' }]} extra={required ? '管理员重置后告知您的临时密码，或初始密码' : undefined}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item label="新密码" name="newPassword" rules={[{ required: true, message: '请输入新密码' }]} extra={rules}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="确认新密码"
          name="confirmPassword"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, value) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Flex vertical gap={8}>
          <Button type="primary" htmlType="submit" block loading={busy}>
            确定修改
          </Button>
          {required ? (
            <Button block onClick={logout}>
              退出
            </Button>
          ) : (
            <Button block onClick={() => void navigate(next)}>
              取消
            </Button>
          )}
        </Flex>
      </Form>
    </AuthCard>
  );
}
