import { useState } from 'react';
import { Alert, App, Button, Flex, Typography } from 'antd';
import { newIdempotencyKey } from '../../../api/client';
import { messageOf } from '../../../api/errors';
import { PersonSelect } from '../../../shared/PersonSelect';
import { useSubmitProject } from '../api';

/** A saved draft's 提交审批, with the people to copy in on the outcome (抄送). */
export function DraftSubmit({ projectId }: { projectId: string }) {
  const { message } = App.useApp();
  const submit = useSubmitProject();
  const [ccIds, setCcIds] = useState<string[]>([]);
  const [key] = useState(newIdempotencyKey);
  return (
    <Flex vertical gap={8} style={{ marginTop: 16 }}>
      {submit.error && <Alert type="error" showIcon title={messageOf(submit.error)} role="alert" />}
      <label htmlFor="draft-cc">
        <Typography.Text>抄送（选填）</Typography.Text>
      </label>
      <PersonSelect id="draft-cc" multiple value={ccIds} onChange={setCcIds} />
      <div>
        <Button type="primary" loading={submit.isPending} onClick={() => submit.mutate({ id: projectId, ccIds, key }, { onSuccess: () => void message.success('已提交审批') })}>
          提交审批
        </Button>
      </div>
    </Flex>
  );
}
