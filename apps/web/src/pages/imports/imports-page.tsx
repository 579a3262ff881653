// Import of a dealer's existing prospect list (留档导入): the template, a file, a dry run that shows what
// would be created and every row's problems, then the import (optionally skipping invalid rows) with its
// progress polled until it is done.
import { useState } from 'react';
import { Alert, App, Button, Descriptions, Progress, Space, Switch, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { importProblem } from './import-problem';
import { useRead } from '../../api/hooks';
import { uploadFile, type ImportJob, type ImportProblem } from '../../api/outputs';
import { failureText } from '../../lib/problems';
import { DownloadButton } from '../forms/download-button';

const RUNNING: ImportJob['status'][] = ['validating', 'writing', 'rhythms'];
export const IMPORT_POLL_MS = 1000;

function Report({ job, kind }: { job: ImportJob; kind: 'dry' | 'run' }) {
  const { t } = useTranslation();
  const running = RUNNING.includes(job.status);
  const items = [
    { key: 'read', label: t('imports.rowsRead'), children: <span data-rows-read={job.rowsRead}>{job.rowsRead}</span> },
    {
      key: 'create',
      label: t('imports.rowsToCreate'),
      children: <span data-rows-to-create={job.rowsToCreate}>{job.rowsToCreate}</span>,
    },
    { key: 'existing', label: t('imports.rowsExisting'), children: job.rowsExisting },
    {
      key: 'invalid',
      label: t('imports.rowsInvalid'),
      children: <span data-rows-invalid={job.rowsInvalid}>{job.rowsInvalid}</span>,
    },
    ...(kind === 'run'
      ? [
          {
            key: 'created',
            label: t('imports.created'),
            children: <span data-created={job.created}>{job.created}</span>,
          },
        ]
      : []),
  ];
  const total = Math.max(job.rowsValid, 1);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-import-report={kind} data-import-status={job.status}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {kind === 'dry' ? t('imports.report') : t('imports.progress')}{' '}
        <Tag color={job.status === 'done' ? 'green' : running ? 'blue' : 'red'}>
          {t(`imports.status.${job.status}`, { defaultValue: job.status })}
        </Tag>
      </Typography.Title>
      {kind === 'run' && job.status !== 'rejected' && (
        <Progress
          percent={Math.round((Math.min(job.rowsDone, job.rowsValid) / total) * 100)}
          status={job.status === 'done' ? 'success' : running ? 'active' : 'exception'}
          aria-label={t('imports.progress')}
        />
      )}
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2, md: 3 }} items={items} />
      {job.rhythms?.pending > 0 && job.status === 'done' && (
        <Alert type="warning" title={t('imports.rhythmsPending', { n: job.rhythms.pending })} />
      )}
      <Problems errors={job.errors} />
    </Space>
  );
}

function Problems({ errors }: { errors: ImportProblem[] }) {
  const { t } = useTranslation();
  if (!errors.length) return <Typography.Text type="success">{t('imports.noErrors')}</Typography.Text>;
  return (
    <>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('imports.errors')}
      </Typography.Title>
      <Table<ImportProblem>
        size="small"
        rowKey={(e) => `${e.row}:${e.column}:${e.problem}`}
        dataSource={errors}
        pagination={errors.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        onRow={(e) =>
          ({ 'data-import-error': String(e.row), 'data-column': e.column }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          { key: 'row', title: t('imports.row'), dataIndex: 'row', width: 80 },
          { key: 'column', title: t('imports.column'), dataIndex: 'column', width: 140 },
          { key: 'problem', title: t('imports.problem'), render: (_, e) => importProblem(e.problem, t) },
        ]}
      />
    </>
  );
}

export default function ImportsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [busy, setBusy] = useState<'dry' | 'run' | null>(null);
  const [dry, setDry] = useState<ImportJob | null>(null);
  const [rejected, setRejected] = useState<{ message: string; report: ImportJob } | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useRead<ImportJob>(jobId ? `/imports/${jobId}` : null, {
    poll: (data) => (data && !RUNNING.includes(data.status) ? false : IMPORT_POLL_MS),
  });

  const send = async (kind: 'dry' | 'run') => {
    if (!file) return;
    setBusy(kind);
    setRejected(null);
    if (kind === 'run') setJobId(null);
    try {
      const q = kind === 'dry' ? '?dryRun=true' : skipInvalid ? '?skipInvalid=true' : '';
      const res = await uploadFile<ImportJob & { report?: ImportJob; message?: string }>(
        `/imports/prospects${q}`,
        file,
      );
      if (res.status === 400 && res.body.report) {
        setRejected({ message: t('imports.rejected'), report: res.body.report });
      } else if (kind === 'dry') {
        setDry(res.body);
      } else {
        setJobId(res.body.id);
      }
    } catch (e) {
      message.error(failureText(e, t));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-page="imports">
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('imports.title')}
      </Typography.Title>
      <Typography.Paragraph style={{ marginBottom: 0 }}>{t('imports.intro')}</Typography.Paragraph>
      <Space wrap>
        <DownloadButton
          path="/imports/prospects/template.xlsx"
          fallbackName="prospects-template.xlsx"
          action="download-template"
        >
          {t('imports.template')}
        </DownloadButton>
        <Upload
          accept=".xlsx,.csv"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(f) => {
            setFile(f);
            setDry(null);
            setRejected(null);
            setJobId(null);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} data-action="choose-file">
            {t('imports.file')}
          </Button>
        </Upload>
        {file && (
          <Typography.Text data-chosen-file={file.name}>{t('imports.chosen', { name: file.name })}</Typography.Text>
        )}
      </Space>
      <Space wrap>
        <Button disabled={!file} loading={busy === 'dry'} onClick={() => void send('dry')} data-action="dry-run">
          {t('imports.dryRun')}
        </Button>
        <Space>
          <Switch checked={skipInvalid} onChange={setSkipInvalid} data-action="skip-invalid" id="skip-invalid" />
          <label htmlFor="skip-invalid">{t('imports.skipInvalid')}</label>
        </Space>
        <Button
          type="primary"
          disabled={!file || busy !== null || (!!job.data && RUNNING.includes(job.data.status))}
          loading={busy === 'run'}
          onClick={() => void send('run')}
          data-action="import"
        >
          {t('imports.run')}
        </Button>
      </Space>
      {rejected && (
        <>
          <Alert type="error" title={rejected.message} data-import-rejected />
          <Report job={rejected.report} kind="run" />
        </>
      )}
      {job.isError && <Alert type="error" title={failureText(job.error, t)} />}
      {job.data && <Report job={job.data} kind="run" />}
      {dry && !job.data && !rejected && <Report job={dry} kind="dry" />}
    </Space>
  );
}
