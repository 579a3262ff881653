// Admin, users tab: the user import (用户导入): its template, a file, and the result (created, updated,
// unchanged) or every row's problem (nothing was written then). The users list is read again after an import.
import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Flex, List, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { uploadFile, type ImportProblem } from '../../api/outputs';
import { failureText } from '../../lib/problems';
import { DownloadButton } from '../forms/download-button';
import { importProblem } from '../imports/import-problem';

interface UserImportReport {
  rowsRead: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportProblem[];
}

/** A problem of the user import (the API words it in English) in the reader's language. */
function userProblem(problem: string, t: TFunction): string {
  const rules: [RegExp, (m: RegExpMatchArray) => string][] = [
    [/is not a role/i, () => t('users.problem.role')],
    [/at least one role/i, () => t('users.problem.noRole')],
    [/3 to 40 characters/i, () => t('users.problem.login')],
    [/outside your dealership/i, () => t('users.problem.loginTaken')],
    [/e-mail address/i, () => t('users.problem.email')],
    [/required for a new user/i, () => t('users.problem.emailNew')],
    [/WeCom user id \(账号\)/i, () => t('users.problem.wecom')],
    [/is linked to (.*)$/i, (m) => t('users.problem.wecomTaken', { who: m[1] })],
    [/appears twice \(also row (\d+)\)/i, (m) => t('users.problem.twice', { n: m[1] })],
    [/own admin role/i, () => t('users.selfChange')],
  ];
  for (const [re, f] of rules) {
    const m = problem.match(re);
    if (m) return f(m);
  }
  return importProblem(problem, t);
}

export function UserImport() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<UserImportReport | null>(null);
  const [rejected, setRejected] = useState<UserImportReport | null>(null);

  const send = async (file: File) => {
    setBusy(true);
    setDone(null);
    setRejected(null);
    try {
      const res = await uploadFile<UserImportReport & { report?: UserImportReport }>('/imports/users', file);
      if (res.status === 400 && res.body.report) setRejected(res.body.report);
      else {
        setDone(res.body);
        void qc.invalidateQueries({ queryKey: ['read', '/admin/users'] });
      }
    } catch (e) {
      message.error(failureText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('users.import')} data-user-import>
      <Typography.Paragraph>{t('users.importIntro')}</Typography.Paragraph>
      <Flex gap={8} wrap>
        <DownloadButton
          path="/imports/users/template.xlsx"
          fallbackName="users-template.xlsx"
          action="download-users-template"
        >
          {t('imports.template')}
        </DownloadButton>
        <Upload
          accept=".xlsx,.csv"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(f) => {
            void send(f);
            return false;
          }}
        >
          <Button type="primary" icon={<UploadOutlined />} loading={busy} data-action="import-users">
            {t('users.importFile')}
          </Button>
        </Upload>
      </Flex>
      {done && (
        <Descriptions
          style={{ marginTop: 12 }}
          size="small"
          bordered
          column={{ xs: 1, sm: 2, md: 4 }}
          data-user-import-result
          items={[
            { key: 'read', label: t('imports.rowsRead'), children: done.rowsRead },
            {
              key: 'created',
              label: t('users.created'),
              children: <span data-created={done.created}>{done.created}</span>,
            },
            {
              key: 'updated',
              label: t('users.updated'),
              children: <span data-updated={done.updated}>{done.updated}</span>,
            },
            { key: 'unchanged', label: t('users.unchanged'), children: done.unchanged },
          ]}
        />
      )}
      {rejected && (
        <>
          <Alert style={{ marginTop: 12 }} type="error" title={t('users.importRejected')} data-user-import-rejected />
          <List
            size="small"
            dataSource={rejected.errors}
            renderItem={(e) => (
              <List.Item data-import-error={e.row} data-column={e.column}>
                <span style={{ overflowWrap: 'anywhere' }}>
                  {t('users.problemAt', { row: e.row, column: e.column })} {userProblem(e.problem, t)}
                </span>
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  );
}
