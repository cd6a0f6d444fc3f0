import { useState } from 'react';
import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Flex, Result, Table, Tag, Typography, Upload } from 'antd';
import { downloadTemplate, useImportConfirm, useImportDryRun, type ImportReport } from '../api';
import { AdminNav } from '../components/AdminNav';
import { refusalText } from '../model';

type Issue = ImportReport['issues'][number];
type Row = ImportReport['rows'][number];

// Words on neutral tags: coloured ones fail the contrast check, and the words carry the meaning anyway.
const outcomeLabels: Record<Row['outcome'], string> = { create: '新建', exists: '已存在', error: '有错误' };

const sheets = [
  ['units', '组织'],
  ['people', '人员'],
  ['roles', '任职'],
] as const;

/**
 * 批量导入: download the template, choose the filled workbook, 试导入 lists every row and every problem (sheet, row,
 * column); 确认导入 is offered only for a workbook without problems, and writes all of it or nothing.
 */
export default function ImportPage() {
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const dryRun = useImportDryRun();
  const confirm = useImportConfirm();
  const report = dryRun.data;
  const [templateError, setTemplateError] = useState<unknown>(null);

  const choose = (f: File) => {
    setFile(f);
    dryRun.reset();
    confirm.reset();
    return false;
  };

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 20 }}>
        组织管理
      </Typography.Title>
      <AdminNav />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Button onClick={() => void downloadTemplate().catch(setTemplateError)}>下载导入模板</Button>
        <Upload accept=".xlsx" maxCount={1} beforeUpload={choose} onRemove={() => setFile(null)} fileList={file ? [{ uid: 'workbook', name: file.name, status: 'done' }] : []}>
          <Button icon={<UploadOutlined />}>选择文件</Button>
        </Upload>
        <Button type="primary" disabled={!file} loading={dryRun.isPending} onClick={() => file && dryRun.mutate(file)}>
          试导入
        </Button>
      </Flex>
      {templateError !== null && <Alert type="error" title={refusalText(templateError)} showIcon role="alert" />}
      {dryRun.error && <Alert type="error" title={refusalText(dryRun.error)} showIcon role="alert" />}
      {confirm.error && <Alert type="error" title={refusalText(confirm.error)} showIcon role="alert" />}
      {confirm.data ? (
        <Result
          status="success"
          title="导入完成"
          subTitle={`新建组织 ${confirm.data.created.units} 个、人员 ${confirm.data.created.people} 名、任职 ${confirm.data.created.roles} 条`}
        />
      ) : (
        report && (
          <>
            <Alert
              type={report.ok ? 'success' : 'error'}
              showIcon
              role="status"
              title={report.ok ? '检查通过，可以导入' : `发现 ${report.issues.length} 处错误，请修改文件后重新试导入（有错误时不会导入任何数据）`}
              style={{ marginBottom: 12 }}
            />
            <Descriptions
              size="small"
              bordered
              column={{ xs: 1, md: 3 }}
              items={sheets.map(([key, label]) => ({
                key,
                label,
                children: `新建 ${report.counts[key].create}，已存在 ${report.counts[key].exists}，错误 ${report.counts[key].error}`,
              }))}
            />
            {report.ok && (
              <Button type="primary" style={{ marginTop: 12 }} loading={confirm.isPending} onClick={() => file && confirm.mutate(file, { onSuccess: () => void message.success('导入完成') })}>
                确认导入
              </Button>
            )}
            {report.issues.length > 0 && (
              <>
                <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
                  错误
                </Typography.Title>
                <Table<Issue>
                  aria-label="错误"
                  rowKey={(i) => `${i.sheet}-${i.row}-${i.column}-${i.message}`}
                  size="small"
                  dataSource={report.issues}
                  pagination={{ pageSize: 50, hideOnSinglePage: true }}
                  scroll={{ x: true }}
                  columns={[
                    { title: '工作表', dataIndex: 'sheet' },
                    { title: '行', dataIndex: 'row' },
                    { title: '列', key: 'column', render: (_, i) => `${i.column}（${i.header}）` },
                    { title: '问题', dataIndex: 'message' },
                  ]}
                />
              </>
            )}
            <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
              逐行结果
            </Typography.Title>
            <Table<Row>
              rowKey={(r) => `${r.sheet}-${r.row}`}
              size="small"
              dataSource={report.rows}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              scroll={{ x: true }}
              columns={[
                { title: '工作表', dataIndex: 'sheet' },
                { title: '行', dataIndex: 'row' },
                { title: '内容', dataIndex: 'label' },
                { title: '结果', dataIndex: 'outcome', render: (o: Row['outcome']) => <Tag>{outcomeLabels[o]}</Tag> },
              ]}
            />
          </>
        )
      )}
    </>
  );
}
