import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { messageOf } from '../api/errors';
import { queryClient } from '../api/query';
import { AuthCard } from './AuthCard';
import { safeReturnTo } from './return-to';
import { passwordPath, saveSession } from './session';

interface Credentials {
  email: string;
  password: string;
}

/**
 * 登录: on success, back to the page the person was sent here from (a task link in a mail), else 待办; by way of
 * 修改密码 when the password must be changed first.
 */
export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async ({ email, password }: Credentials) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await unwrap(api.POST('/api/auth/login', { body: { email, password } }));
      saveSession({ token: answer.accessToken, person: answer.person, mustChangePassword: answer.mustChangePassword });
      queryClient.clear();
      const next = safeReturnTo(params.get('returnTo'));
      await navigate(answer.mustChangePassword ? passwordPath(next) : next, { replace: true });
    } catch (e) {
      setError(e instanceof Error && 'status' in e && e.status === 401 ? '邮箱或密码不正确' : messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title="Tandem 工作台">
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} role="alert" />}
      <Form<Credentials> layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
        <Form.Item label="邮箱" name="email" rules={[{ required: true, message: '请输入邮箱' }]}>
          <Input type="email" autoComplete="username" />
        </Form.Item>
        <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          登录
        </Button>
      </Form>
    </AuthCard>
  );
}
