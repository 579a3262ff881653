// What a task is about: the prospect, the plan with its figures and coverage gap, the personal
// target, the weekly gaps, the training wanted.
import { Alert, Descriptions, Spin, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { weeklyLineLabel } from '@kaflow/domain/src/labels';
import { useAuth } from '../../api/auth';
import { useProspect, usePlan } from '../../api/hooks';
import type { Task } from '../../api/types';
import { date, percent } from '../../lib/format';
import { failureText } from '../../lib/problems';
import { PlanSheet } from '../plans/plan-sheet';
import { PlanEditForm } from '../plans/plan-edit-form';
import { ForecastCard } from '../forecast/forecast-card';
import { ForecastWarningBrief } from './forecast-warning-kind';
import { TargetLetter } from './target-letter';
import { VisitPlanEditor } from './visit-plan-editor';
import { ResponsiveTable } from '../../lib/responsive';

export function TaskSubject({ task }: { task: Task }) {
  const p = task.payload ?? {};
  if (task.subject.type === 'prospect') return <ProspectBrief id={task.subject.id} task={task} />;
  if (task.subject.type === 'plan' && p.plan) return <PlanBrief task={task} />;
  if (task.kind === 'target_confirmation') return <TargetBrief task={task} />;
  if (task.kind === 'weekly_review') return <WeeklyBrief task={task} />;
  if (task.kind === 'forecast_warning') return <ForecastWarningBrief task={task} />;
  if (task.kind === 'training_request') return <TrainingBrief task={task} />;
  if (task.kind === 'visit_plan') return <VisitPlanBrief task={task} />;
  return null;
}

function ProspectBrief({ id, task }: { id: string; task: Task }) {
  const { t } = useTranslation();
  const q = useProspect(id);
  const p = task.payload ?? {};
  if (q.isPending) return <Spin />;
  if (q.isError) return <Alert type="error" message={failureText(q.error, t)} />;
  const x = q.data;
  return (
    <>
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2 }}>
        <Descriptions.Item label={t('prospects.account')}>{x.account.name}</Descriptions.Item>
        <Descriptions.Item label={t('prospects.contactName')}>{x.contact.name}</Descriptions.Item>
        <Descriptions.Item label={t('prospects.contactPhone')}>{x.contact.phone}</Descriptions.Item>
        <Descriptions.Item label={t('prospects.model')}>
          {x.model} × {x.quantity}
        </Descriptions.Item>
        <Descriptions.Item label={t('prospects.grade')}>
          <Tag>{x.grade}</Tag>
          {x.hot && <Tag color="red">{t('prospects.hot')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('prospects.nextDue')}>{date(x.nextFollowUpDue) || '–'}</Descriptions.Item>
      </Descriptions>
      {Array.isArray(p.corrections) && p.corrections.length > 0 && (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          message={t('task.corrections')}
          description={p.corrections.map((c: { field: string; value: unknown }) => (
            <div key={c.field} data-correction={c.field}>
              {t(`prospects.${c.field}`, { defaultValue: c.field })}：{String(c.value)}
            </div>
          ))}
        />
      )}
      {p.note && <Alert style={{ marginTop: 8 }} type="info" message={p.note} />}
      <Typography.Paragraph style={{ marginTop: 8 }}>
        <Link to={`/prospects/${x.id}`}>{t('task.openProspect')}</Link>
      </Typography.Paragraph>
    </>
  );
}

function PlanBrief({ task }: { task: Task }) {
  const { t } = useTranslation();
  const ref = task.payload.plan as { kind: string; period: string; version: number };
  const q = usePlan(
    ref.kind,
    ref.period,
    task.kind === 'plan_draft' && task.status === 'open' ? undefined : ref.version,
  );
  if (q.isPending) return <Spin />;
  if (q.isError) return <Alert type="error" message={failureText(q.error, t)} />;
  const plan = q.data;
  return (
    <>
      {task.payload.sentBack && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          message={`${t('task.sentBack')}：${task.payload.sentBack}`}
        />
      )}
      {Array.isArray(task.payload.gaps) && task.payload.gaps.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          data-gaps={task.payload.gaps.length}
          message={t('monthEnd.checks.gaps')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {(task.payload.gaps as string[]).map((g) => (
                <li key={g}>{g}</li>
              ))}
            </ul>
          }
        />
      )}
      <PlanSheet plan={plan} />
      {plan.kind === 'rolling' && (
        <div style={{ marginTop: 12 }} data-roll-forecast>
          <ForecastCard scope="dealer" month={plan.period} />
        </div>
      )}
      {task.kind === 'plan_draft' && task.status === 'open' && plan.editable && (
        <>
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {t('task.editPlan')}
          </Typography.Title>
          <PlanEditForm plan={plan} />
        </>
      )}
      <Typography.Paragraph style={{ marginTop: 8 }}>
        <Link to={`/plans/${plan.kind}/${plan.period}`}>{t('task.openPlan')}</Link>
      </Typography.Paragraph>
    </>
  );
}

function TargetBrief({ task }: { task: Task }) {
  return <TargetLetter period={task.payload.plan?.period ?? ''} targets={task.payload.targets ?? {}} />;
}

function WeeklyBrief({ task }: { task: Task }) {
  const { t, i18n } = useTranslation();
  const { has } = useAuth();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const lines = (task.payload.lines ?? []) as Record<string, any>[];
  return (
    <>
      {task.payload.note && (
        <Alert
          type="info"
          message={t('task.noTargetPlan', { month: task.payload.month })}
          style={{ marginBottom: 8 }}
        />
      )}
      <ResponsiveTable
        size="small"
        rowKey={(r) => r.key + (r.label ?? '')}
        pagination={false}
        dataSource={lines}
        rowClassName={(r) => (r.gap ? 'row-gap' : '')}
        columns={[
          { key: 'l', title: t('task.line'), render: (_: unknown, r) => weeklyLineLabel(r as { key: string }, lang) },
          { key: 't', dataIndex: 'target', title: t('task.target'), align: 'right' },
          { key: 'e', dataIndex: 'proRated', title: t('task.expected'), align: 'right' },
          { key: 'a', dataIndex: 'actual', title: t('task.actual'), align: 'right' },
          { key: 'r', dataIndex: 'achievement', title: '%', align: 'right', render: (v: number | null) => percent(v) },
          {
            key: 'g',
            title: t('task.gaps'),
            render: (_: unknown, r) => (r.gap ? <Tag color="red">−{r.shortfall}</Tag> : ''),
          },
        ]}
      />
      <div style={{ marginTop: 12 }} data-weekly-forecast>
        <ForecastCard
          scope={has('ka_manager', 'sales_director', 'gm', 'admin') ? 'dealer' : 'consultant'}
          month={task.payload.month}
        />
      </div>
    </>
  );
}

function TrainingBrief({ task }: { task: Task }) {
  const { t } = useTranslation();
  const p = task.payload;
  const f = (p.figures ?? {}) as { expectedOrders?: { value?: number }; personalTarget?: number | null };
  return (
    <Descriptions size="small" bordered column={1}>
      {p.name && <Descriptions.Item label={t('monthEnd.training.consultant')}>{p.name}</Descriptions.Item>}
      {p.source === 'sales_capability' && (
        <>
          <Descriptions.Item label={t('monthEnd.training.month')}>{p.month}</Descriptions.Item>
          <Descriptions.Item label={t('monthEnd.training.expected')}>
            {f.expectedOrders?.value ?? '–'}
          </Descriptions.Item>
          <Descriptions.Item label={t('monthEnd.training.target')}>{f.personalTarget ?? '–'}</Descriptions.Item>
        </>
      )}
      {p.request && <Descriptions.Item label={t('task.request')}>{p.request}</Descriptions.Item>}
      {Array.isArray(p.reasons) && p.reasons.length > 0 && (
        <Descriptions.Item label={t('monthEnd.training.reasons')}>
          {(p.reasons as Array<{ reason: string; count: number }>)
            .map((r) => `${t(`reason.${r.reason}`, { defaultValue: r.reason })} × ${r.count}`)
            .join('；')}
        </Descriptions.Item>
      )}
      {p.reasonCategory && (
        <Descriptions.Item label={t('task.reasonCategory')}>{t(`reason.${p.reasonCategory}`)}</Descriptions.Item>
      )}
    </Descriptions>
  );
}

function VisitPlanBrief({ task }: { task: Task }) {
  return <VisitPlanEditor task={task} />;
}
