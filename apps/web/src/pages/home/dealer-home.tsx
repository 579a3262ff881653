// The key-account manager's home (the month at a glance) and the director's / GM's (what waits for my decision
// first, then the dealer's month, plan accuracy and scorecard totals): one request, `GET /api/home/dealer`; every
// figure opens the records behind it (the prospects list, the inbox, the scorecards, the reports).
import { useMemo, useState } from 'react';
import {
  Alert,
  Card,
  Col,
  Empty,
  Grid,
  List,
  Row,
  Segmented,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import '../../i18n/dealer-home';
import { query } from '../../api/client';
import { useAuth } from '../../api/auth';
import { useRead } from '../../api/hooks';
import type { paths } from '../../api/openapi';
import { Chart, FUNNEL_GRADES } from '../../lib/chart';
import { date, dateTime } from '../../lib/format';
import { failureText } from '../../lib/problems';
import { ScrollBox } from '../../lib/scroll-box';
import { fits, PeriodPicker } from '../forms/period';
import { ForecastCard } from '../forecast/forecast-card';

export type DealerHome = paths['/api/home/dealer']['get']['responses'][200]['content']['application/json'];
type Measure = 'orders' | 'aak' | 'submissions';
type TaskLine = DealerHome['pending'][number];
type TeamRow = DealerHome['team'][number];

/** Links inside a line of text are told apart by more than colour (axe: link-in-text-block). */
const UNDERLINE = { textDecoration: 'underline' };

function useMonthParam() {
  const [params, setParams] = useSearchParams();
  const raw = params.get('month');
  const month = fits('month', raw) ? raw : undefined;
  const set = (v: string) => {
    const next = new URLSearchParams(params);
    next.set('month', v);
    setParams(next, { replace: true });
  };
  return [month, set] as const;
}

function MonthFigures({ data }: { data: DealerHome }) {
  const { t } = useTranslation();
  const { current, month } = data;
  return (
    <Row gutter={[12, 12]}>
      {(['orders', 'aak', 'submissions'] as Measure[]).map((m) => {
        const target = current.target?.[m];
        return (
          <Col xs={24} sm={8} key={m}>
            <Card size="small" data-figure={m}>
              <Statistic
                title={t(`dealerHome.${m}`)}
                value={current.actual?.[m] ?? 0}
                suffix={
                  <Typography.Text type="secondary" style={{ fontSize: 14 }}>
                    / {target ?? '–'}
                  </Typography.Text>
                }
              />
              <Typography.Text type="secondary" data-target={target ?? ''}>
                {target === undefined ? t('dealerHome.noTarget') : t('dealerHome.ofTarget', { target })}
              </Typography.Text>{' '}
              <Link to={`/reports?tab=actuals&month=${month}`} style={UNDERLINE}>
                {t('dealerHome.openRecords')}
              </Link>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}

function YearChart({ data }: { data: DealerHome }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [measure, setMeasure] = useState<Measure>('orders');
  const spec = useMemo(
    () => ({
      kind: 'bars' as const,
      label: t('dealerHome.byMonth', { measure: t(`dealerHome.${measure}`) }),
      categoryTitle: t('dealerHome.month'),
      categories: data.year.map((m) => t('dealerHome.monthShort', { m: Number(m.month.slice(5)) })),
      series: [
        {
          name: t('dealerHome.target'),
          type: 'bar' as const,
          values: data.year.map((m) => m.target?.[measure] ?? null),
        },
        {
          name: t('dealerHome.actual'),
          type: 'bar' as const,
          values: data.year.map((m) => m.actual?.[measure] ?? null),
        },
        {
          name: t('dealerHome.seasonal'),
          type: 'line' as const,
          values: data.year.map((m) => m.seasonal?.[measure] ?? null),
        },
      ],
      onPick: (i: number) => navigate(`/reports?tab=actuals&month=${data.year[i].month}`),
    }),
    [data, measure, t, navigate],
  );
  return (
    <Chart
      id="year"
      {...spec}
      extra={
        <Segmented
          size="small"
          aria-label={t('dealerHome.measure')}
          value={measure}
          onChange={(v) => setMeasure(v as Measure)}
          options={(['orders', 'aak', 'submissions'] as Measure[]).map((m) => ({
            value: m,
            label: t(`dealerHome.${m}`),
          }))}
        />
      }
    />
  );
}

function FunnelCard({ funnel, id, label }: { funnel: DealerHome['funnel']; id: string; label: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const counts = new Map<string, number>(funnel.byGrade.map((g) => [g.grade, g.count]));
  const others = funnel.byGrade.filter((g) => !FUNNEL_GRADES.includes(g.grade));
  const spec = useMemo(
    () => ({
      kind: 'funnel' as const,
      label,
      categoryTitle: t('dealerHome.grade'),
      categories: FUNNEL_GRADES,
      series: [
        { name: t('dealerHome.prospects'), type: 'bar' as const, values: FUNNEL_GRADES.map((g) => counts.get(g) ?? 0) },
      ],
      onPick: (i: number) => navigate(`/prospects?grade=${FUNNEL_GRADES[i]}`),
    }),
    [funnel, label, t, navigate],
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Chart id={id} {...spec} />
      <Space wrap size={[8, 4]}>
        {others.map((g) => (
          <Link key={g.grade} to={`/prospects?grade=${g.grade}`} data-grade={g.grade}>
            <Tag>
              {g.grade}: {g.count}
            </Tag>
          </Link>
        ))}
      </Space>
    </Space>
  );
}

function Moves({ moves }: { moves: DealerHome['funnel']['moves'] }) {
  const { t } = useTranslation();
  if (!moves.length) return <Typography.Text type="secondary">{t('dealerHome.noMoves')}</Typography.Text>;
  return (
    <Space wrap size={[8, 8]} data-moves>
      {moves.map((m) => (
        <Link key={`${m.from}${m.to}`} to={`/prospects?grade=${m.to}`} data-move={`${m.from}${m.to}`}>
          <Tag>
            {m.from} → {m.to}: {m.count}
          </Tag>
        </Link>
      ))}
    </Space>
  );
}

const pair = (r: TeamRow, m: Measure) => `${r.actual[m]} / ${r.target ? r.target[m] : '–'}`;

/** The team on a phone: one card per consultant, the same figures and links as the table's row. */
function TeamCards({ team, month }: { team: TeamRow[]; month: string }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-team>
      {team.map((r) => (
        <Card size="small" key={r.userId} data-consultant={r.userId}>
          <Link to={`/prospects?ownerId=${r.userId}`} style={UNDERLINE}>
            {r.displayName}
          </Link>
          <Row gutter={[8, 4]} style={{ marginTop: 4 }}>
            <Col span={12}>
              {t('dealerHome.orders')}:{' '}
              <Link to={`/scorecards?month=${month}&userId=${r.userId}`} data-cell="orders" style={UNDERLINE}>
                {pair(r, 'orders')}
              </Link>
            </Col>
            <Col span={12}>
              {t('dealerHome.overdueFollowUps')}:{' '}
              <Link to={`/prospects?ownerId=${r.userId}&overdue=true`} data-cell="overdue" style={UNDERLINE}>
                {r.overdueFollowUps}
              </Link>
            </Col>
            <Col span={12}>
              {t('dealerHome.hotCustomers')}:{' '}
              <Link to={`/prospects?ownerId=${r.userId}&hot=true`} data-cell="hot" style={UNDERLINE}>
                {r.hotCustomers}
              </Link>
            </Col>
            <Col span={12}>
              {t('dealerHome.openTasks')}: {r.openTasks}
            </Col>
          </Row>
        </Card>
      ))}
    </Space>
  );
}

function TeamTable({ team, month }: { team: TeamRow[]; month: string }) {
  const { t } = useTranslation();
  const wide = Grid.useBreakpoint().md !== false;
  if (!wide) return <TeamCards team={team} month={month} />;
  return (
    <ScrollBox label={t('dealerHome.team')}>
      <Table<TeamRow>
        size="small"
        rowKey="userId"
        pagination={false}
        dataSource={team}
        data-team
        onRow={(r) => ({ 'data-consultant': r.userId }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            key: 'name',
            title: t('dealerHome.consultant'),
            render: (_: unknown, r) => <Link to={`/prospects?ownerId=${r.userId}`}>{r.displayName}</Link>,
          },
          {
            key: 'orders',
            title: `${t('dealerHome.orders')} (${t('dealerHome.actual')} / ${t('dealerHome.target')})`,
            render: (_: unknown, r) => (
              <Link to={`/scorecards?month=${month}&userId=${r.userId}`} data-cell="orders">
                {pair(r, 'orders')}
              </Link>
            ),
          },
          {
            key: 'overdue',
            title: t('dealerHome.overdueFollowUps'),
            render: (_: unknown, r) => (
              <Link to={`/prospects?ownerId=${r.userId}&overdue=true`} data-cell="overdue">
                {r.overdueFollowUps}
              </Link>
            ),
          },
          {
            key: 'hot',
            title: t('dealerHome.hotCustomers'),
            render: (_: unknown, r) => (
              <Link to={`/prospects?ownerId=${r.userId}&hot=true`} data-cell="hot">
                {r.hotCustomers}
              </Link>
            ),
          },
          { key: 'tasks', title: t('dealerHome.openTasks'), dataIndex: 'openTasks' },
        ]}
      />
    </ScrollBox>
  );
}

function TasksByKind({ rows }: { rows: DealerHome['tasksByKind'] }) {
  const { t } = useTranslation();
  if (!rows.length) return <Empty description={t('dealerHome.noTasks')} />;
  return (
    <ScrollBox label={t('dealerHome.tasks')}>
      <Table
        size="small"
        rowKey="kind"
        pagination={false}
        dataSource={rows}
        data-tasks-by-kind
        columns={[
          { key: 'kind', title: t('dealerHome.kind'), render: (_: unknown, r) => t(`kind.${r.kind}`) },
          {
            key: 'open',
            title: t('dealerHome.open'),
            render: (_: unknown, r) => <Link to={`/inbox?kind=${r.kind}`}>{r.open}</Link>,
          },
          {
            key: 'overdue',
            title: t('dealerHome.overdue'),
            render: (_: unknown, r) => <Link to={`/inbox?kind=${r.kind}&overdue=true`}>{r.overdue}</Link>,
          },
          { key: 'escalated', title: t('dealerHome.escalated'), dataIndex: 'escalated' },
        ]}
      />
    </ScrollBox>
  );
}

function TaskList({ items, empty, id }: { items: TaskLine[]; empty: string; id: string }) {
  const { t } = useTranslation();
  if (!items.length) return <Typography.Text type="secondary">{empty}</Typography.Text>;
  const now = Date.now();
  return (
    <List
      size="small"
      data-task-list={id}
      dataSource={items}
      renderItem={(task) => (
        <List.Item data-task-id={task.id}>
          <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
            <Link to={`/tasks/${task.id}`}>{task.title}</Link>
            <Typography.Text type="secondary">
              {t(`kind.${task.kind}`)} · {t('dealerHome.due', { at: dateTime(task.dueAt) })}
              {task.assignee ? ` · ${t(`role.${task.assignee}`, { defaultValue: task.assignee })}` : ''}
            </Typography.Text>
          </Space>
          {new Date(task.dueAt).getTime() < now && <Tag color="red">{t('dealerHome.overdue')}</Tag>}
          {task.escalationLevel > 0 && <Tag color="orange">{t('dealerHome.escalated')}</Tag>}
        </List.Item>
      )}
    />
  );
}

function Deadlines({ d }: { d: DealerHome['deadlines'] }) {
  const { t } = useTranslation();
  const w = d.monthEndWindow;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-deadlines>
      <Typography.Text>
        {t('dealerHome.monthEndWindow')}:{' '}
        <strong>{w.length ? `${date(`${w[0]}T12:00:00Z`)} – ${date(`${w[w.length - 1]}T12:00:00Z`)}` : '–'}</strong>
      </Typography.Text>
      <Typography.Text>
        {t('dealerHome.weeklyReview')}: <strong>{d.weeklyReview ? date(`${d.weeklyReview}T12:00:00Z`) : '–'}</strong>
      </Typography.Text>
      <Typography.Text type="secondary">{t('dealerHome.escalationsSoon')}</Typography.Text>
      <TaskList id="escalations" items={d.escalations} empty={t('dealerHome.noEscalations')} />
    </Space>
  );
}

function Accuracy({ rows }: { rows: NonNullable<DealerHome['accuracy']> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const spec = useMemo(
    () => ({
      kind: 'bars' as const,
      label: t('dealerHome.accuracy'),
      categoryTitle: t('dealerHome.month'),
      categories: rows.map((r) => r.month),
      series: [
        {
          name: t('dealerHome.target'),
          type: 'bar' as const,
          values: rows.map((r) => r.totals?.orders.target ?? null),
        },
        {
          name: t('dealerHome.actual'),
          type: 'bar' as const,
          values: rows.map((r) => r.totals?.orders.actual ?? null),
        },
      ],
      onPick: (i: number) => navigate(`/reports?tab=actuals&month=${rows[i].month}`),
    }),
    [rows, t, navigate],
  );
  return <Chart id="accuracy" {...spec} height={220} />;
}

function ScorecardTotals({ rows, month }: { rows: NonNullable<DealerHome['scorecards']>; month: string }) {
  const { t } = useTranslation();
  return (
    <ScrollBox label={t('dealerHome.scorecards')}>
      <Table
        size="small"
        rowKey={(r) => `${r.userId}:${r.role}`}
        pagination={false}
        dataSource={rows}
        data-scorecard-totals
        columns={[
          { key: 'p', title: t('dealerHome.person'), dataIndex: 'displayName' },
          { key: 'r', title: t('dealerHome.role'), render: (_: unknown, r) => t(`role.${r.role}`) },
          {
            key: 't',
            title: t('dealerHome.total'),
            render: (_: unknown, r) => (
              <Link to={`/scorecards?month=${month}&userId=${r.userId}&role=${r.role}`}>{r.total}</Link>
            ),
          },
        ]}
      />
    </ScrollBox>
  );
}

function Section({ title, children, id }: { title: string; children: React.ReactNode; id: string }) {
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{title}</h2>} data-section={id}>
      {children}
    </Card>
  );
}

export default function DealerHome() {
  const { t } = useTranslation();
  const { has } = useAuth();
  const director = has('sales_director', 'gm');
  const [month, setMonth] = useMonthParam();
  const q = useRead<DealerHome>(`/home/dealer${query({ month })}`);
  if (q.isPending) return <Spin />;
  if (q.isError) return <Alert type="error" title={failureText(q.error, t)} />;
  const data = q.data;
  const pending = (
    <Section id="pending" title={t('dealerHome.pending')}>
      <TaskList id="pending" items={data.pending} empty={t('dealerHome.noPending')} />
    </Section>
  );
  return (
    <div data-home-ready="dealer" data-home-view={data.view} style={{ minWidth: 0 }}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>
            {director ? t('dealerHome.titleDirector') : t('dealerHome.title')} · {data.month}
          </Typography.Title>
          <PeriodPicker kind="month" label={t('dealerHome.month')} value={data.month} onChange={setMonth} />
        </Space>
        {director && pending}
        <MonthFigures data={data} />
        {/* will the dealer make the month: the card fetches its own forecast, after the home's data is shown */}
        <ForecastCard scope="dealer" month={data.month} />
        <Row gutter={[12, 12]}>
          <Col xs={24} lg={14}>
            <Section id="year" title={t('dealerHome.year')}>
              <YearChart data={data} />
            </Section>
          </Col>
          <Col xs={24} lg={10}>
            <Section id="funnel" title={t('dealerHome.funnel')}>
              <FunnelCard id="funnel" funnel={data.funnel} label={t('dealerHome.funnel')} />
              <Typography.Title level={3} style={{ fontSize: 14, marginTop: 12 }}>
                {t('dealerHome.moves')}
              </Typography.Title>
              <Moves moves={data.funnel.moves} />
            </Section>
          </Col>
        </Row>
        <Section id="team" title={t('dealerHome.team')}>
          <TeamTable team={data.team} month={data.month} />
        </Section>
        <Row gutter={[12, 12]}>
          <Col xs={24} lg={12}>
            <Section id="tasks" title={t('dealerHome.tasks')}>
              <TasksByKind rows={data.tasksByKind} />
            </Section>
          </Col>
          <Col xs={24} lg={12}>
            <Section id="deadlines" title={t('dealerHome.deadlines')}>
              <Deadlines d={data.deadlines} />
            </Section>
          </Col>
        </Row>
        {!director && data.pending.length > 0 && pending}
        {data.accuracy && (
          <Section id="accuracy" title={t('dealerHome.accuracy')}>
            <Accuracy rows={data.accuracy} />
          </Section>
        )}
        {data.scorecards && (
          <Section id="scorecards" title={t('dealerHome.scorecards')}>
            <ScorecardTotals rows={data.scorecards} month={data.month} />
          </Section>
        )}
      </Space>
    </div>
  );
}
