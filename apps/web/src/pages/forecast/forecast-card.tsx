// Will we make the month? The forecast of the dealer's or a consultant's orders (P50 with its P10–P90 range)
// against the target, the AAK and submissions that follow, the open prospects by grade and the rates used; for the
// sales director and the GM on the dealer's card, the what-if (a preview: nothing is saved). Fetches itself:
// <ForecastCard scope="dealer" /> or <ForecastCard scope="consultant" id={userId} />; `month` 'YYYY-MM' picks this
// month (default) or the next; a past month is shown as forecast on its last day.
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, InputNumber, Progress, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../api/client';
import { useAuth } from '../../api/auth';
import type { Forecast, ForecastMonth } from '../../api/types';
import { failureText } from '../../lib/problems';

export interface ForecastCardProps {
  scope: 'dealer' | 'consultant';
  /** The consultant (default: the signed-in user). */
  id?: string;
  /** 'YYYY-MM': this month (default), next month, or a past month. */
  month?: string;
}

const GRADES = ['O', 'H', 'A', 'B', 'C'] as const;
// antd's green tag falls short of WCAG AA contrast; this darker text meets it
const ON_TRACK = { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' };
const thisMonth = () => new Date().toISOString().slice(0, 7);
function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export function ForecastCard({ scope, id, month }: ForecastCardProps) {
  const { t } = useTranslation();
  const { user, has } = useAuth();
  const who = scope === 'consultant' ? (id ?? user?.id) : undefined;
  const past = month !== undefined && month < thisMonth();
  const path =
    (scope === 'dealer' ? '/forecast/dealer' : `/forecast/consultants/${who}`) +
    (past ? `?asOf=${lastDay(month!)}` : '');
  const q = useQuery({
    queryKey: ['forecast', scope, who, past ? month : 'now'],
    queryFn: () => get<Forecast>(path),
    enabled: scope === 'dealer' || !!who,
    staleTime: 60_000,
  });
  if (q.isPending) return <Spin />;
  if (q.isError)
    return <Alert type="warning" data-forecast-error message={`${t('forecast.failed')}: ${failureText(q.error, t)}`} />;
  const f = q.data;
  const next = month !== undefined && month === f.next.month;
  const m = next ? f.next : f.month;
  const director = scope === 'dealer' && has('sales_director', 'gm');
  return (
    <Card
      size="small"
      data-forecast={scope}
      data-month={m.month}
      title={t(next ? 'forecast.titleNext' : 'forecast.title', { month: m.month })}
      extra={<Typography.Text type="secondary">{t('forecast.asOf', { date: f.asOf })}</Typography.Text>}
    >
      <Figure label={t('forecast.orders')} m={m} k="orders" />
      <Descriptions size="small" column={{ xs: 1, sm: 3 }} style={{ marginTop: 8 }}>
        <Descriptions.Item label={t('forecast.booked')}>
          <span data-booked={m.orders.booked}>{m.orders.booked}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('forecast.pipeline')}>{m.orders.pipelineExpected}</Descriptions.Item>
        <Descriptions.Item label={t('forecast.newBusiness')}>{m.orders.newBusinessExpected}</Descriptions.Item>
      </Descriptions>
      {scope === 'dealer' && (
        <>
          <Figure label={t('forecast.aak')} m={m} k="aak" />
          <Figure label={t('forecast.submissions')} m={m} k="submissions" />
        </>
      )}
      <Typography.Text type="secondary">{t('forecast.pipelineByGrade')}</Typography.Text>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, margin: '4px 0 8px' }}>
        {GRADES.map((g) => (
          <Tag key={g} data-grade={g}>
            {g} {f.pipeline[g].prospects} / {f.pipeline[g].cars}
          </Tag>
        ))}
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>
        {t('forecast.explain', { months: f.method.lookbackMonths.length })}
      </Typography.Paragraph>
      <details>
        <summary>{t('forecast.rates')}</summary>
        <ul style={{ margin: 0, paddingInlineStart: 18, fontSize: 12 }}>
          {(next ? [] : f.dealerRates).map((r) => (
            <li key={r.grade}>
              {t('forecast.rateLine', {
                grade: r.grade,
                rate: `${Math.round(r.rate * 1000) / 10}%`,
                source: t('forecast.sourceDealer'),
                converted: Math.round(r.converted * 10) / 10,
                observed: r.observed,
              })}
            </li>
          ))}
          {(next ? f.nextRates : f.rates)
            .filter((r) => r.source === 'model')
            .map((r) => (
              <li key={`${r.model}-${r.grade}`}>
                {r.model}{' '}
                {t('forecast.rateLine', {
                  grade: r.grade,
                  rate: `${Math.round(r.rate * 1000) / 10}%`,
                  source: t('forecast.sourceModel'),
                  converted: Math.round(r.converted * 10) / 10,
                  observed: r.observed,
                })}
              </li>
            ))}
        </ul>
      </details>
      {director && !next && !past && <WhatIf asOf={f.asOf} />}
    </Card>
  );
}

function Figure({ label, m, k }: { label: string; m: ForecastMonth; k: 'orders' | 'aak' | 'submissions' }) {
  const { t } = useTranslation();
  const x = m[k];
  const target = m.target[k];
  const short = target !== null && x.p50 < target;
  return (
    <div data-figure={k} data-p50={x.p50} data-p10={x.p10} data-p90={x.p90} style={{ marginTop: 8 }}>
      <Space wrap size={[8, 0]} align="baseline">
        <Typography.Text strong>{label}</Typography.Text>
        <Typography.Text style={{ fontSize: 20 }} strong>
          {x.p50}
        </Typography.Text>
        <Typography.Text type="secondary">
          {t('forecast.range')} {x.p10}–{x.p90}
        </Typography.Text>
        {target === null ? (
          <Typography.Text type="secondary">{t('forecast.noTarget')}</Typography.Text>
        ) : (
          <>
            <Typography.Text>
              {t('forecast.target')} <span data-target={target}>{target}</span>
            </Typography.Text>
            <Tag
              color={short ? 'red' : undefined}
              style={short ? undefined : ON_TRACK}
              data-status={short ? 'short' : 'ok'}
            >
              {short ? t('forecast.gap', { n: target - x.p50 }) : t('forecast.onTrack')}
            </Tag>
          </>
        )}
      </Space>
      {target !== null && target > 0 && (
        <Progress
          aria-label={`${label} ${t('forecast.range')} ${x.p10}–${x.p90}`}
          size="small"
          showInfo={false}
          percent={Math.min(100, (x.p90 / target) * 100)}
          success={{ percent: Math.min(100, (x.p10 / target) * 100) }}
          status={short ? 'exception' : 'normal'}
        />
      )}
    </div>
  );
}

function WhatIf({ asOf }: { asOf: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const run = useMutation({
    mutationFn: (v: Record<string, number | null | undefined>) => {
      const rates = Object.fromEntries(
        GRADES.filter((g) => typeof v[`rate${g}`] === 'number').map((g) => [g, (v[`rate${g}`] as number) / 100]),
      );
      const addProspects = Object.fromEntries(
        (['H', 'A'] as const).filter((g) => typeof v[`add${g}`] === 'number').map((g) => [g, v[`add${g}`] as number]),
      );
      return post<Forecast>('/forecast/what-if', { asOf, rates, addProspects });
    },
  });
  return (
    <details style={{ marginTop: 8 }} data-what-if>
      <summary>{t('forecast.whatIf')}</summary>
      <Form form={form} layout="inline" size="small" onFinish={(v) => run.mutate(v)} style={{ rowGap: 4 }}>
        {(['H', 'A'] as const).map((g) => (
          <Form.Item key={`r${g}`} name={`rate${g}`} label={t('forecast.whatIfRate', { grade: g })}>
            <InputNumber min={0} max={100} addonAfter="%" style={{ width: 110 }} />
          </Form.Item>
        ))}
        {(['H', 'A'] as const).map((g) => (
          <Form.Item key={`a${g}`} name={`add${g}`} label={t('forecast.whatIfAdd', { grade: g })}>
            <InputNumber min={0} max={1000} precision={0} style={{ width: 80 }} />
          </Form.Item>
        ))}
        <Button htmlType="submit" loading={run.isPending} data-action="what-if">
          {t('forecast.whatIfRun')}
        </Button>
      </Form>
      {run.isError && <Alert type="error" message={failureText(run.error, t)} />}
      {run.data && (
        <Alert
          style={{ marginTop: 8 }}
          type="info"
          data-what-if-result={run.data.month.orders.p50}
          message={t('forecast.whatIfResult', {
            p50: run.data.month.orders.p50,
            p10: run.data.month.orders.p10,
            p90: run.data.month.orders.p90,
          })}
        />
      )}
    </details>
  );
}
