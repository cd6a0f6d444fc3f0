import type { ReactNode } from 'react';
import { Card, Typography } from 'antd';

/** The frame of the pages outside the console's header (登录, 修改密码): one card in the middle, the full width of a phone. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', padding: 16, background: '#f5f5f5' }}>
      <Card style={{ width: '100%', maxWidth: 380 }}>
        <Typography.Title level={1} style={{ fontSize: 22, textAlign: 'center' }}>
          {title}
        </Typography.Title>
        {children}
      </Card>
    </main>
  );
}
