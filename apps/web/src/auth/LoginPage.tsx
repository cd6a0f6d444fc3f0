import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { messageOf } from '../api/errors';
import { queryClient } from '../api/query';
import { safeReturnTo } from './return-to';
import { saveSession } from './session';

interface Credentials {
  email: string;
  password: string;
}

/** 登录: on success, back to the page the person was sent here from (a task link in a mail), else 待办. */
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
      saveSession({ token: answer.accessToken, person: answer.person });
      queryClient.clear();
      await navigate(safeReturnTo(params.get('returnTo')), { replace: true });
    } catch (e) {
      setError(e instanceof Error && 'status' in e && e.status === 401 ? '邮箱或密码不正确' : messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', padding: 16, background: '#f5f5f5' }}>
      <Card style={{ width: '100%', maxWidth: 380 }}>
        <Typography.Title level={1} style={{ fontSize: 22, textAlign: 'center' }}>
          Tandem 工作台
        </Typography.Title>
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
      </Card>
    </main>
  );
}
