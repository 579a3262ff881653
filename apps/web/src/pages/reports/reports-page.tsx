// Reports: weekly progress (gaps highlighted), conversion rates (numerator / denominator), hot
// customers, lost deals, record keeping, sales actuals; links to the scorecards and the forms (Excel) pages.
import { Alert, Input, Space, Spin, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import '../../i18n/outputs';
import { useRead } from '../../api/hooks';
import { dayKey } from '../../lib/format';
import { failureText } from '../../lib/problems';
import { DataView } from './data-view';
import { ResponsiveTabs } from '../../lib/responsive';

const thisMonth = () => dayKey(new Date()).slice(0, 7);

function isoWeek(d = new Date()): string {
  const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const y = t.getUTCFullYear();
  const week = Math.ceil(((t.getTime() - Date.UTC(y, 0, 1)) / 86400000 + 1) / 7);
  return `${y}-W${String(week).padStart(2, '0')}`;
}

function Report({ path }: { path: string }) {
  const { t } = useTranslation();
  const q = useRead<unknown>(path);
  if (q.isPending) return <Spin />;
  if (q.isError) return <Alert type="error" message={failureText(q.error, t)} />;
  return <DataView data={q.data} />;
}

export default function ReportsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? thisMonth();
  const week = params.get('week') ?? isoWeek();
  const tab = params.get('tab') ?? 'weekly';
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    setParams(next, { replace: true });
  };
  const y = month.slice(0, 4);
  const items = [
    { key: 'weekly', label: t('reports.weekly'), children: <Report path={`/progress/weekly?week=${week}`} /> },
    {
      key: 'conversion',
      label: t('reports.conversion'),
      children: <Report path={`/reports/conversion?month=${month}`} />,
    },
    { key: 'hot', label: t('reports.hot'), children: <Report path={`/reports/hot-customers?month=${month}`} /> },
    { key: 'lost', label: t('reports.lost'), children: <Report path={`/reports/lost-analysis?month=${month}`} /> },
    {
      key: 'record',
      label: t('reports.recordKeeping'),
      children: <Report path={`/reports/record-keeping?month=${month}`} />,
    },
    {
      key: 'actuals',
      label: t('reports.actuals'),
      children: <Report path={`/reports/actuals?from=${y}-01&to=${month}`} />,
    },
    {
      key: 'scorecards',
      label: t('reports.scorecards'),
      children: (
        <Space orientation="vertical">
          <Typography.Text>{t('reports.scorecardsHint')}</Typography.Text>
          <Link to={`/scorecards?month=${month}`} data-link="scorecards">
            {t('reports.openScorecards')} →
          </Link>
        </Space>
      ),
    },
    {
      key: 'forms',
      label: t('reports.forms'),
      children: (
        <Space orientation="vertical">
          <Typography.Text>{t('reports.formsHint')}</Typography.Text>
          <Link to={`/forms?month=${month}`} data-link="forms">
            {t('reports.openForms')} →
          </Link>
        </Space>
      ),
    },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('reports.title')}
      </Typography.Title>
      <Space>
        {tab === 'weekly' ? (
          <Input.Search
            aria-label={t('reports.week')}
            defaultValue={week}
            key={week}
            onSearch={(v) => set('week', v.trim())}
            style={{ width: 180 }}
          />
        ) : (
          <Input.Search
            aria-label={t('reports.month')}
            defaultValue={month}
            key={month}
            onSearch={(v) => set('month', v.trim())}
            style={{ width: 180 }}
          />
        )}
      </Space>
      <ResponsiveTabs
        label={t('reports.title')}
        activeKey={tab}
        onChange={(k) => set('tab', k)}
        items={items}
        destroyOnHidden
      />
    </Space>
  );
}
