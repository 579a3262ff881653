// Plans: annual / rolling / decomposition / lead for a period, as the paper form, with versions and
// what changed between two versions.
import { Alert, Card, Input, Select, Space, Spin, Tag, Typography } from 'antd';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useAuth } from '../../api/auth';
import { usePlan, useRead } from '../../api/hooks';
import type { Plan } from '../../api/types';
import { dateTime, dayKey } from '../../lib/format';
import { failureText } from '../../lib/problems';
import { MonthEndStart } from './month-end-start';
import { PlanSheet } from './plan-sheet';
import { EmptyText } from '../../lib/provisional';
import { ResponsiveTable } from '../../lib/responsive';

const KINDS = ['annual', 'rolling', 'decomposition', 'lead'] as const;
interface PlanRef {
  kind: string;
  period: string;
  version: number;
  status: string;
}

function defaultPeriod(kind: string): string {
  const today = dayKey(new Date());
  const [y, m] = today.split('-').map(Number);
  if (kind === 'annual') return String(m >= 11 ? y + 1 : y);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return next;
}

export default function PlansPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const params = useParams();
  const [search, setSearch] = useSearchParams();
  const kind = (KINDS as readonly string[]).includes(params.kind ?? '') ? params.kind! : 'annual';
  const chosen = !!params.period;
  const period = params.period ?? '';
  const version = search.get('version') ? Number(search.get('version')) : undefined;
  const compare = search.get('compare') ? Number(search.get('compare')) : undefined;
  const plan = usePlan(kind, period, version);
  const list = useRead<{ items: PlanRef[] }>(chosen ? null : '/plans');
  const other = usePlan(kind, compare ? period : '', compare);
  const { has } = useAuth();
  const go = (k: string, p: string) => navigate(`/plans/${k}/${p}`);
  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 1200 }}>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('plans.title')}
      </Typography.Title>
      <Space wrap>
        <Select
          aria-label={t('plans.kind')}
          style={{ width: 160 }}
          value={kind}
          onChange={(k) => go(k, defaultPeriod(k))}
          options={KINDS.map((k) => ({ value: k, label: t(`plans.${k}`) }))}
        />
        <Input.Search
          aria-label={t('plans.period')}
          style={{ width: 180 }}
          defaultValue={period || defaultPeriod(kind)}
          key={period}
          placeholder={kind === 'annual' ? 'YYYY' : 'YYYY-MM'}
          onSearch={(p) => go(kind, p.trim())}
        />
      </Space>
      {!chosen && has('ka_manager') && <MonthEndStart />}
      {!chosen && (
        <ResponsiveTable<PlanRef>
          size="small"
          rowKey={(r) => `${r.kind}:${r.period}`}
          loading={list.isPending}
          pagination={{ pageSize: 20 }}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <EmptyText>{t('plans.notFound')}</EmptyText> }}
          columns={[
            {
              key: 'p',
              title: t('plans.period'),
              render: (_: unknown, r) => <Link to={`/plans/${r.kind}/${r.period}`}>{r.period}</Link>,
            },
            { key: 'k', title: t('plans.kind'), render: (_: unknown, r) => t(`plans.${r.kind}`) },
            { key: 'v', title: t('plans.version'), render: (_: unknown, r) => `v${r.version}` },
            {
              key: 's',
              title: t('plans.status'),
              render: (_: unknown, r) => <Tag>{t(`plans.${r.status}`, { defaultValue: r.status })}</Tag>,
            },
          ]}
        />
      )}
      {chosen && plan.isPending && <Spin />}
      {plan.isError && (
        <Alert
          type={plan.error instanceof ApiError && plan.error.status === 404 ? 'info' : 'error'}
          message={
            plan.error instanceof ApiError && plan.error.status === 404
              ? t('plans.notFound')
              : failureText(plan.error, t)
          }
        />
      )}
      {plan.data && (
        <>
          <Card size="small">
            <PlanSheet plan={plan.data} />
          </Card>
          <Card size="small" title={t('plans.version')}>
            <ResponsiveTable
              size="small"
              rowKey="version"
              pagination={false}
              dataSource={plan.data.versions}
              columns={[
                {
                  key: 'v',
                  title: t('plans.version'),
                  render: (_: unknown, v) => (
                    <a
                      onClick={() =>
                        setSearch(v.version === plan.data!.versions[0]?.version ? {} : { version: String(v.version) })
                      }
                    >
                      v{v.version}
                    </a>
                  ),
                },
                {
                  key: 's',
                  title: t('plans.status'),
                  render: (_: unknown, v) => <Tag>{t(`plans.${v.status}`, { defaultValue: v.status })}</Tag>,
                },
                { key: 'r', dataIndex: 'reason', title: t('plans.reason') },
                { key: 'c', title: '', render: (_: unknown, v) => dateTime(v.createdAt) },
                {
                  key: 'x',
                  title: t('plans.compare'),
                  render: (_: unknown, v) =>
                    v.version !== plan.data!.version && (
                      <a
                        data-compare={v.version}
                        onClick={() =>
                          setSearch({ ...(version ? { version: String(version) } : {}), compare: String(v.version) })
                        }
                      >
                        {t('plans.compare')} v{v.version}
                      </a>
                    ),
                },
              ]}
            />
          </Card>
          {compare && other.data && <Changes a={other.data} b={plan.data} />}
        </>
      )}
    </Space>
  );
}

function flat(v: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) flat(x, prefix ? `${prefix}.${k}` : k, out);
  } else out[prefix] = v === undefined ? '' : JSON.stringify(v);
  return out;
}

/** Fields of the input and of the totals/coverage whose values differ between two versions. */
function Changes({ a, b }: { a: Plan; b: Plan }) {
  const { t } = useTranslation();
  const pick = (p: Plan) => ({
    input: p.input,
    totals: p.result?.totals,
    coverage: p.result?.coverage,
    overrideNote: p.overrideNote,
  });
  const fa = flat(pick(a));
  const fb = flat(pick(b));
  const keys = [...new Set([...Object.keys(fa), ...Object.keys(fb)])].filter((k) => fa[k] !== fb[k]).sort();
  return (
    <Card size="small" title={`${t('plans.changes')}: v${a.version} → v${b.version}`} data-changes={keys.length}>
      {keys.length === 0 ? (
        t('plans.noChanges')
      ) : (
        <ResponsiveTable
          size="small"
          rowKey="k"
          pagination={false}
          dataSource={keys.map((k) => ({ k, from: fa[k] ?? '', to: fb[k] ?? '' }))}
          columns={[
            { key: 'k', dataIndex: 'k', title: t('plans.field') },
            { key: 'f', dataIndex: 'from', title: `v${a.version}` },
            { key: 't', dataIndex: 'to', title: `v${b.version}` },
          ]}
        />
      )}
    </Card>
  );
}
