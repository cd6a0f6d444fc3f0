import { useState } from 'react';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { newIdempotencyKey } from '../../../api/client';
import { messageOf } from '../../../api/errors';
import { beijingTime } from '../../../shared/time';
import { useRequestExtension } from '../api';
import { lastRequest, mayRequest, untilOf, type Deadline } from '../model';

/**
 * 申请延期 for a due date the reader owes: a later day and the reason, decided by their unit's secretary while the
 * clock stands still. A request already waiting is shown instead of the button.
 */
export function ExtensionRequest({ deadline }: { deadline: Deadline }) {
  const [open, setOpen] = useState<{ key: string } | null>(null);
  const [form] = Form.useForm<{ day: Dayjs; reason: string }>();
  const { message } = App.useApp();
  const request = useRequestExtension(deadline.ref);
  const last = lastRequest(deadline);
  const finish = ({ day, reason }: { day: Dayjs; reason: string }) =>
    open &&
    request.mutate(
      { until: untilOf(day.format('YYYY-MM-DD')), reason: reason.trim(), idempotencyKey: open.key },
      {
        onSuccess: () => {
          void message.success('延期申请已提交，审批期间计时暂停');
          setOpen(null);
        },
      },
    );
  return (
    <>
      {last?.pending ? (
        <Alert type="info" showIcon title="延期申请审批中，计时暂停" description={last.event.reason ?? undefined} />
      ) : (
        mayRequest(deadline) && (
          <Button
            onClick={() => {
              request.reset();
              form.resetFields();
              setOpen({ key: newIdempotencyKey() });
            }}
          >
            申请延期
          </Button>
        )
      )}
      <Modal open={open !== null} title="申请延期" okText="提交申请" cancelText="取消" onOk={() => form.submit()} okButtonProps={{ loading: request.isPending }} onCancel={() => setOpen(null)} destroyOnHidden>
        {request.error && <Alert type="error" showIcon title={messageOf(request.error)} role="alert" style={{ marginBottom: 12 }} />}
        <Typography.Paragraph>
          {deadline.title}：现截止 {beijingTime(deadline.dueAt)}（北京时间）
        </Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={finish}>
          <Form.Item name="day" label="延期至" extra="当日 17:30（北京时间）截止" rules={[{ required: true, message: '请选择延期后的日期' }]}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') <= beijingTime(deadline.dueAt).slice(0, 10)} />
          </Form.Item>
          <Form.Item name="reason" label="延期理由" rules={[{ required: true, whitespace: true, message: '请填写延期理由' }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
