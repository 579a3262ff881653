// The region view (区域经理): the region's dealers side by side on the same KPIs for a month, every
// person's card per dealer, and one form of the toolkit for every dealer. Reads only.
import { Alert, Card, Col, Collapse, Empty, Row, Select, Space, Spin, Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Loaded } from '../../lib/loaded';
import '../../i18n/outputs';
import { query } from '../../api/client';
import { useRead } from '../../api/hooks';
import { apiLang, type FormInfo, type RegionFormAnswer, type RegionScorecards } from '../../api/outputs';
import { failureText } from '../../lib/problems';
import { ScrollBox } from '../../lib/scroll-box';
import { DownloadButton } from '../forms/download-button';
import { FormSignatures, FormTable } from '../forms/form-table';
import { defaultPeriod, fits, PeriodPicker, thisMonth } from '../forms/period';
import { KpiValue, ScorecardCard } from '../scorecards/scorecard-card';
import '../../i18n/dealer-home';
import type { paths } from '../../api/openapi';
import { Chart, FUNNEL_GRADES } from '../../lib/chart';

type RegionHome = paths['/api/region/home']['get']['responses'][200]['content']['application/json'];
import { ResponsiveTable } from '../../lib/responsive';

type Comparison = RegionScorecards['comparison'][number];

function useParam() {
  const [params, setParams] = useSearchParams();
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    setParams(next, { replace: true });
  };
  return [params, set] as const;
}

function RegionScorecardsView({ month }: { month: string }) {
  const { t, i18n } = useTranslation();
  const q = useRead<RegionScorecards>(`/region/scorecards${query({ month, lang: apiLang(i18n.language) })}`);
  if (q.isPending) return <Spin />;
  if (q.isError) return <Alert type="error" title={failureText(q.error, t)} />;
  const { dealers, comparison } = q.data;
  if (!dealers.length) return <Empty description={t('region.noDealers')} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-region={q.data.region.id}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {q.data.region.name} · {t('region.comparison')}
      </Typography.Title>
      <ScrollBox label={t('region.comparison')}>
        <ResponsiveTable<Comparison>
          size="small"
          bordered
          rowKey="key"
          pagination={false}
          dataSource={comparison}
          data-region-comparison
          onRow={(c) => ({ 'data-kpi': c.key }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'label', title: t('scorecards.kpi'), dataIndex: 'label' },
            ...dealers.map((d) => ({
              key: d.id,
              title: d.name,
              onHeaderCell: () => ({ 'data-dealer-column': d.id }) as React.HTMLAttributes<HTMLElement>,
              render: (_: unknown, c: Comparison) => {
                const v = c.values.find((x) => x.dealerId === d.id);
                return v ? (
                  <span data-dealer={d.id}>
                    <KpiValue {...v} />
                  </span>
                ) : (
                  '–'
                );
              },
            })),
          ]}
        />
      </ScrollBox>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('region.cards')}
      </Typography.Title>
      <Collapse
        items={dealers.map((d) => ({
          key: d.id,
          label: (
            <span data-dealer-cards={d.id}>
              {d.name} · {t('region.people', { n: new Set(d.items.map((i) => i.userId)).size })}
            </span>
          ),
          children: (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {d.items.map((item) => (
                <ScorecardCard key={`${item.userId}:${item.role}`} item={item} />
              ))}
            </Space>
          ),
        }))}
      />
    </Space>
  );
}

/** The region's dealers side by side: the month's orders against target, and each dealer's grade funnel. */
function RegionMonthView({ month }: { month: string }) {
  const { t } = useTranslation();
  const q = useRead<RegionHome>(`/region/home${query({ month })}`);
  return (
    <Loaded q={q}>
      {(d) =>
        !d.dealers.length ? (
          <Empty description={t('region.noDealers')} />
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }} data-region-home={d.region.id}>
            <Card size="small">
              <Chart
                id="region-month"
                kind="bars"
                label={t('dealerHome.regionMonth')}
                categoryTitle={t('dealerHome.dealer')}
                categories={d.dealers.map((x) => x.name)}
                series={[
                  {
                    name: t('dealerHome.target'),
                    type: 'bar',
                    values: d.dealers.map((x) => x.target?.orders ?? null),
                  },
                  { name: t('dealerHome.actual'), type: 'bar', values: d.dealers.map((x) => x.actual.orders) },
                ]}
              />
            </Card>
            <Row gutter={[12, 12]}>
              {d.dealers.map((x) => {
                const counts = new Map<string, number>(x.funnel.byGrade.map((g) => [g.grade, g.count]));
                return (
                  <Col xs={24} md={12} xl={8} key={x.id}>
                    <Card size="small" data-dealer-funnel={x.id}>
                      <Chart
                        id={`funnel-${x.code}`}
                        kind="funnel"
                        label={t('dealerHome.dealerFunnel', { dealer: x.name })}
                        categoryTitle={t('dealerHome.grade')}
                        categories={FUNNEL_GRADES}
                        series={[
                          {
                            name: t('dealerHome.prospects'),
                            type: 'bar',
                            values: FUNNEL_GRADES.map((g) => counts.get(g) ?? 0),
                          },
                        ]}
                        height={220}
                      />
                    </Card>
                  </Col>
                );
              })}
            </Row>
          </Space>
        )
      }
    </Loaded>
  );
}

function RegionFormView() {
  const { t, i18n } = useTranslation();
  const lang = apiLang(i18n.language);
  const [params, set] = useParam();
  const list = useRead<FormInfo[]>(`/forms?lang=${lang}`);
  const no = params.get('form') ?? '1';
  const info = list.data?.find((f) => String(f.no) === no);
  const kind = info?.period;
  const raw = params.get('period');
  const period = kind ? (kind === 'none' ? '' : fits(kind, raw) ? raw! : defaultPeriod(kind)) : null;
  const q = useRead<RegionFormAnswer>(period === null ? null : `/region/forms/${no}${query({ period, lang })}`);
  if (list.isPending) return <Spin />;
  if (list.isError) return <Alert type="error" title={failureText(list.error, t)} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-region-form={no}>
      <Space wrap>
        <Select
          aria-label={t('region.chooseForm')}
          style={{ width: 320 }}
          value={no}
          onChange={(v) => set('form', v)}
          options={list.data.map((f) => ({ value: String(f.no), label: `${f.no} ${f.title}` }))}
        />
        {kind && <PeriodPicker kind={kind} value={period ?? ''} onChange={(v) => set('period', v)} />}
        {info && (
          <DownloadButton
            path={`/region/forms/${no}${query({ period: period || undefined, format: 'xlsx', lang })}`}
            fallbackName={`${no}.xlsx`}
            action="download-xlsx"
          >
            {t('outputs.download')}
          </DownloadButton>
        )}
      </Space>
      <Loaded q={q}>
        {(d) =>
          d.dealers.map((one) => (
            <Card key={one.dealerId} size="small" title={`${one.dealer} · ${d.title}`} data-dealer-form={one.dealerId}>
              <FormTable
                id={`${no}:${one.dealerId}`}
                label={`${one.dealer} ${d.title}`}
                columns={d.columns}
                rows={one.rows}
              />
              <FormSignatures id={`${no}:${one.dealerId}`} signatures={one.signatures} />
            </Card>
          ))
        }
      </Loaded>
    </Space>
  );
}

export default function RegionPage() {
  const { t } = useTranslation();
  const [params, set] = useParam();
  const month = fits('month', params.get('month')) ? params.get('month')! : thisMonth();
  const tab = ['forms', 'month'].includes(params.get('tab') ?? '') ? params.get('tab')! : 'scorecards';
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('region.title')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(k) => set('tab', k)}
        destroyOnHidden
        items={[
          {
            key: 'scorecards',
            label: t('scorecards.title'),
            children: (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <PeriodPicker kind="month" value={month} onChange={(v) => set('month', v)} />
                <RegionScorecardsView month={month} />
              </Space>
            ),
          },
          {
            key: 'month',
            label: t('dealerHome.regionTitle'),
            children: (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <PeriodPicker kind="month" value={month} onChange={(v) => set('month', v)} />
                <RegionMonthView month={month} />
              </Space>
            ),
          },
          { key: 'forms', label: t('forms.title'), children: <RegionFormView /> },
        ]}
      />
    </Space>
  );
}
