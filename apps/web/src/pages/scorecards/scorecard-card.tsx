// One person's scorecard: each KPI with its weight, value as numerator ÷ denominator and %, target, score;
// a KPI without a denominator says so (never 0%); the total. Clicking a KPI asks for its drill-down.
import { Button, Card, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ScorecardItem, ScoredKpi } from '../../api/outputs';
import { ScrollBox } from '../../lib/scroll-box';
import { WarnTag } from '../../lib/tags';
import { ResponsiveTable } from '../../lib/responsive';

/** 0.3333 → '33.3%' (the value the API rounded to four places). */
export const pct = (v: number) => `${(Math.round(v * 1000) / 10).toFixed(1)}%`;
/** A score or total as printed: up to two decimals, no trailing zeros. */
export const points = (v: number) => String(Math.round(v * 100) / 100);

export function KpiValue({
  numerator,
  denominator,
  value,
  reason,
}: Pick<ScoredKpi, 'numerator' | 'denominator' | 'value' | 'reason'>) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <span data-numerator={numerator}>{numerator}</span>
      <span aria-hidden>÷</span>
      <span data-denominator={denominator}>{denominator}</span>
      {denominator === 0 || value === null ? (
        <span data-no-denominator>
          <WarnTag>{t('scorecards.noDenominator')}</WarnTag>
          {reason && <Typography.Text type="secondary">{reason}</Typography.Text>}
        </span>
      ) : (
        <strong data-value={value}>= {pct(value)}</strong>
      )}
    </Space>
  );
}

export function ScorecardCard({ item, onDrill }: { item: ScorecardItem; onDrill?: (kpi: ScoredKpi) => void }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      data-scorecard={item.userId}
      data-role={item.role}
      title={
        <Space>
          <span>{item.displayName}</span>
          <Tag>{t(`role.${item.role}`, { defaultValue: item.role })}</Tag>
        </Space>
      }
      extra={
        <Space align="baseline">
          {item.scoredWeight !== undefined && item.scoredWeight < 100 && (
            <Typography.Text type="secondary">{t('scorecards.scoredWeight', { w: item.scoredWeight })}</Typography.Text>
          )}
          <Typography.Text>{t('scorecards.total')}</Typography.Text>
          <Typography.Text strong style={{ fontSize: 20 }} data-total={item.total}>
            {points(item.total)}
          </Typography.Text>
        </Space>
      }
    >
      <ScrollBox label={item.displayName}>
        <ResponsiveTable<ScoredKpi>
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={item.kpis}
          onRow={(k) => ({ 'data-kpi': k.key }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              key: 'label',
              title: t('scorecards.kpi'),
              render: (_, k) =>
                onDrill ? (
                  <Button
                    type="link"
                    size="small"
                    style={{ padding: 0 }}
                    data-action="drill"
                    onClick={() => onDrill(k)}
                  >
                    {k.label}
                  </Button>
                ) : (
                  k.label
                ),
            },
            {
              key: 'weight',
              title: t('scorecards.weight'),
              align: 'right',
              render: (_, k) =>
                k.weight === 0 ? <Tag>{t('scorecards.watched')}</Tag> : <span data-weight={k.weight}>{k.weight}%</span>,
            },
            { key: 'value', title: t('scorecards.value'), render: (_, k) => <KpiValue {...k} /> },
            {
              key: 'target',
              title: t('scorecards.target'),
              align: 'right',
              render: (_, k) =>
                k.target === undefined || k.target === null
                  ? '–'
                  : t(k.direction === 'lower' ? 'scorecards.atMost' : 'scorecards.atLeast', { v: pct(k.target) }),
            },
            {
              key: 'score',
              title: t('scorecards.score'),
              align: 'right',
              render: (_, k) =>
                k.score === null ? '–' : k.weight === 0 ? '–' : <span data-score={k.score}>{points(k.score)}</span>,
            },
          ]}
        />
      </ScrollBox>
    </Card>
  );
}
