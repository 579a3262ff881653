// The 14 forms of the toolkit (manual §5, 附件 1–14): the list, one form for a period (a picker fitted to
// its period kind) as a table with its Excel download, and the toolkit workbook of a month.
import { Alert, Card, Space, Spin, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Loaded } from '../../lib/loaded';
import '../../i18n/outputs';
import { useRead } from '../../api/hooks';
import { apiLang, type FormAnswer, type FormInfo } from '../../api/outputs';
import { query } from '../../api/client';
import { failureText } from '../../lib/problems';
import { DownloadButton } from './download-button';
import { FormSignatures, FormTable } from './form-table';
import { defaultPeriod, fits, PeriodPicker, thisMonth } from './period';
import { ResponsiveTable } from '../../lib/responsive';

function useSetParam() {
  const [params, setParams] = useSearchParams();
  return [
    params,
    (k: string, v: string) => {
      const next = new URLSearchParams(params);
      next.set(k, v);
      setParams(next, { replace: true });
    },
  ] as const;
}

function FormList() {
  const { t, i18n } = useTranslation();
  const lang = apiLang(i18n.language);
  const [params, set] = useSetParam();
  const month = fits('month', params.get('month')) ? params.get('month')! : thisMonth();
  const q = useRead<FormInfo[]>(`/forms?lang=${lang}`);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('forms.toolkit')}>
        <Space wrap>
          <PeriodPicker kind="month" value={month} onChange={(v) => set('month', v)} />
          <DownloadButton
            path={`/forms/toolkit.xlsx${query({ month, lang })}`}
            fallbackName={`toolkit_${month}.xlsx`}
            action="download-toolkit"
          >
            {t('forms.toolkitDownload')}
          </DownloadButton>
        </Space>
      </Card>
      <Loaded q={q}>
        {(d) => (
          <ResponsiveTable<FormInfo>
            size="small"
            rowKey="no"
            pagination={false}
            dataSource={d}
            onRow={(f) => ({ 'data-form-no': String(f.no) }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { key: 'no', title: t('forms.no'), dataIndex: 'no', width: 72 },
              {
                key: 'title',
                title: t('forms.name'),
                render: (_, f) => (
                  <Link to={`/forms/${f.no}${f.period === 'none' ? '' : `?period=${defaultFor(f.period, month)}`}`}>
                    {f.title}
                  </Link>
                ),
              },
              { key: 'period', title: t('forms.periodKind'), render: (_, f) => t(`forms.kind.${f.period}`) },
            ]}
          />
        )}
      </Loaded>
    </Space>
  );
}

/** The period a form opens with from the list: the chosen month's year, the month, or the current week. */
const defaultFor = (kind: FormInfo['period'], month: string) =>
  kind === 'year' ? month.slice(0, 4) : kind === 'month' ? month : defaultPeriod(kind);

function OneForm({ no }: { no: string }) {
  const { t, i18n } = useTranslation();
  const lang = apiLang(i18n.language);
  const [params, set] = useSetParam();
  const list = useRead<FormInfo[]>(`/forms?lang=${lang}`);
  const info = list.data?.find((f) => String(f.no) === no);
  const kind = info?.period;
  const raw = params.get('period');
  const period = kind ? (fits(kind, raw) ? (kind === 'none' ? '' : raw!) : defaultPeriod(kind)) : null;
  const q = useRead<FormAnswer>(period === null ? null : `/forms/${no}${query({ period, lang })}`);
  if (list.isPending) return <Spin />;
  if (list.isError) return <Alert type="error" title={failureText(list.error, t)} />;
  if (!info || !kind) return <Alert type="error" title={t('common.notFound')} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-form={info.no} data-form-period={period ?? ''}>
      <Link to="/forms">← {t('forms.back')}</Link>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('forms.no')} {info.no} {info.title}
      </Typography.Title>
      <Space wrap>
        <PeriodPicker kind={kind} value={period ?? ''} onChange={(v) => set('period', v)} />
        <DownloadButton
          path={`/forms/${no}${query({ period: period || undefined, format: 'xlsx', lang })}`}
          fallbackName={`${info.no}.xlsx`}
          action="download-xlsx"
        >
          {t('outputs.download')}
        </DownloadButton>
      </Space>
      <Loaded q={q}>
        {(d) => (
          <>
            <Typography.Text type="secondary">
              {d.dealer} {d.period} · {t('forms.rows', { count: d.rows.length })}
            </Typography.Text>
            <FormTable id={String(info.no)} label={info.title} columns={d.columns} rows={d.rows} />
            <FormSignatures id={String(info.no)} signatures={d.signatures} />
          </>
        )}
      </Loaded>
    </Space>
  );
}

export default function FormsPage() {
  const { t } = useTranslation();
  const { no } = useParams();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('forms.title')}
      </Typography.Title>
      {no ? <OneForm no={no} /> : <FormList />}
    </Space>
  );
}
