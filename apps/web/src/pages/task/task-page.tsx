// A task's page (/tasks/:id): what it is about, its history, and its decision form.
import { useState } from 'react';
import { Alert, Card, Descriptions, Spin, Tag, Timeline, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { WarnTag } from '../../lib/tags';
import { useTask, useTaskHistory } from '../../api/hooks';
import type { Task, TaskEvent, TaskKind } from '../../api/types';
import { dateTime } from '../../lib/format';
import { ProvisionalTag } from '../../lib/provisional';
import { failureText } from '../../lib/problems';
import { DecisionForm, type KindForm } from './decision-form';
import { lostAnalysisForm, overdueFollowupForm, trainingRequestForm, weeklyReviewForm } from './conversion-kinds';
import { planDraftForm, planReviewForm, planSignoffForm, targetConfirmationForm, visitPlanForm } from './plan-kinds';
import { callbackForm, dailyCheckForm, rectificationForm } from './record-keeping-kinds';
import { calendarLoadForm } from './calendar-load-kind';
import { forecastWarningForm } from './forecast-warning-kind';
import { TaskSubject } from './task-subject';

const FORMS: Record<TaskKind, KindForm> = {
  callback: callbackForm,
  rectification: rectificationForm,
  daily_check: dailyCheckForm,
  plan_draft: planDraftForm,
  plan_review: planReviewForm,
  plan_signoff: planSignoffForm,
  target_confirmation: targetConfirmationForm,
  visit_plan: visitPlanForm,
  weekly_review: weeklyReviewForm,
  forecast_warning: forecastWarningForm,
  lost_analysis: lostAnalysisForm,
  overdue_followup: overdueFollowupForm,
  training_request: trainingRequestForm,
  calendar_load: calendarLoadForm,
};

export default function TaskPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const task = useTask(id);
  const history = useTaskHistory(id);
  const [notice, setNotice] = useState<string>();
  if (task.isPending) return <Spin />;
  if (task.isError) return <Alert type="error" message={failureText(task.error, t)} />;
  const x = task.data;
  const overdue = x.status === 'open' && new Date(x.dueAt).getTime() < Date.now();
  return (
    <div data-task-page={x.id} data-task-kind={x.kind} data-task-status={x.status} style={{ maxWidth: 1100 }}>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {x.title}
      </Typography.Title>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }}>
        <Descriptions.Item label={t('inbox.kind')}>{t(`kind.${x.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('task.status')}>
          <Tag color={x.status === 'open' ? 'blue' : 'default'}>{statusText(x, t)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('inbox.due')}>
          <span data-task-due={x.dueAt}>
            {dateTime(x.dueAt)} {overdue && <Tag color="red">{t('inbox.overdue')}</Tag>}
            <ProvisionalTag show={x.provisional} />
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('inbox.level')}>
          {x.escalationLevel > 0 ? <WarnTag>{t('inbox.levelN', { n: x.escalationLevel })}</WarnTag> : '–'}
        </Descriptions.Item>
      </Descriptions>
      {notice && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          data-conflict="true"
          message={notice}
          style={{ marginBottom: 12 }}
        />
      )}
      <Card size="small" title={t('task.about')} style={{ marginBottom: 12 }}>
        <TaskSubject task={x} />
      </Card>
      <Card size="small" title={t('task.decide')} style={{ marginBottom: 12 }}>
        {x.status === 'open' ? (
          <DecisionForm key={x.id} task={x} kind={FORMS[x.kind] ?? {}} onConflict={setNotice} />
        ) : (
          <Decided task={x} events={history.data?.items ?? []} />
        )}
      </Card>
      <Card size="small" title={t('task.history')}>
        <Timeline items={(history.data?.items ?? []).map((e) => ({ children: <EventLine e={e} /> }))} />
      </Card>
    </div>
  );
}

function statusText(x: Task, t: (k: string) => string) {
  return x.status === 'open'
    ? t('task.statusOpen')
    : x.status === 'done'
      ? t('task.statusDone')
      : t('task.statusCancelled');
}

function Decided({ task, events }: { task: Task; events: TaskEvent[] }) {
  const { t } = useTranslation();
  const decided = events.find((e) => e.action === 'decided');
  const by = decided?.by?.displayName ?? t('task.system');
  const name = decided?.onBehalfOf ? t('task.onBehalf', { by, for: decided.onBehalfOf.displayName }) : by;
  return (
    <div data-decided={task.decision ?? ''}>
      <Typography.Paragraph>
        {t('task.decidedBy', {
          name,
          at: dateTime(task.decidedAt),
          decision: task.decision ? t(`decision.${task.decision}`) : '',
        })}
      </Typography.Paragraph>
      {task.comment && <Typography.Paragraph type="secondary">{task.comment}</Typography.Paragraph>}
    </div>
  );
}

function EventLine({ e }: { e: TaskEvent }) {
  const { t } = useTranslation();
  const by = e.by?.displayName ?? t('task.system');
  const who = e.onBehalfOf ? t('task.onBehalf', { by, for: e.onBehalfOf.displayName }) : by;
  const d = e.detail as Record<string, any> | undefined;
  const what =
    e.action === 'created'
      ? t('task.created')
      : e.action === 'reminded'
        ? t('task.reminded')
        : e.action === 'escalated'
          ? t('task.escalated', { to: e.detail?.to ? t(`role.${e.detail.to}`) : '' })
          : e.action === 'reassigned'
            ? t('task.reassigned', {
                from: d?.from?.displayName ?? (d?.from?.role ? t(`role.${d.from.role}`) : ''),
                to: d?.to?.displayName ?? '',
                reason: d?.reason ?? '',
              })
            : e.action === 'decided'
              ? t('task.decided', { decision: e.detail?.decision ? t(`decision.${e.detail.decision}`) : '' })
              : e.action;
  return (
    <span data-event={e.action} data-on-behalf-of={e.onBehalfOf?.id}>
      {dateTime(e.at)} · {what} · {who}
      {e.detail?.via === 'wecom' ? ` · ${t('task.viaWecom')}` : ''}
      {e.detail?.comment ? `：${e.detail.comment}` : ''}
    </span>
  );
}
