// A button that downloads a file behind the session (the bearer token, never in a URL) and says so when it fails.
import { useState } from 'react';
import { App, Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { downloadFile } from '../../api/outputs';
import { failureText } from '../../lib/problems';

/** A button that downloads a file behind the session and says so when it fails. */
export function DownloadButton({
  path,
  fallbackName,
  action,
  children,
}: {
  path: string;
  fallbackName: string;
  action: string;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      await downloadFile(path, fallbackName);
    } catch (e) {
      message.error(t('outputs.downloadFailed', { reason: failureText(e, t) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} loading={busy} data-action={action} onClick={() => void download()}>
      {children}
    </Button>
  );
}
