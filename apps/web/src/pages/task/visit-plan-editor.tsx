// 下月走访及活动计划 (the visit_plan task): the consultant enters next month's visits (date, account,
// purpose) and events; each is saved at once (POST /visit-plans, POST /events), then the task is
// submitted. The lead plan's capacity check (P4) counts what is entered here. Others see the lists.
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Select, Space } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../api/auth';
import { ApiError, post, query, type FieldProblem } from '../../api/client';
import { useRead } from '../../api/hooks';
import type { Task } from '../../api/types';
import { failureText, problemText, showProblems } from '../../lib/problems';
import { EmptyText } from '../../lib/provisional';
import { ResponsiveTable } from '../../lib/responsive';

interface PlanItem {
  id: string;
  plannedDate: string;
  accountName: string | null;
  purpose: string | null;
}
interface EventItem {
  id: string;
  kind: string;
  name: string;
  ownerId: string;
  plannedDate: string;
  location: string | null;
}
type Row = { plannedDate?: string; accountName?: string; purpose?: string };

const lastDay = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};
const EMPTY: Row = { plannedDate: '', accountName: '', purpose: '' };

export function VisitPlanEditor({ task }: { task: Task }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { user } = useAuth();
  const qc = useQueryClient();
  const month: string = task.payload.month ?? '';
  const consultantId: string = task.payload.consultantId ?? task.assigneeUserId ?? '';
  const mine = !!user && user.id === consultantId;
  const plansPath = `/visit-plans${query({ month, consultantId: mine ? undefined : consultantId })}`;
  const eventsPath = `/events${query({ month })}`;
  const plans = useRead<{ items: PlanItem[] }>(month ? plansPath : null);
  const events = useRead<{ items: EventItem[] }>(month ? eventsPath : null);
  const ownEvents = (events.data?.items ?? []).filter((e) => e.ownerId === consultantId);
  const [visitForm] = Form.useForm();
  const [eventForm] = Form.useForm();
  const [left, setLeft] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<'visits' | 'event'>();
  const dateProps = { type: 'date', min: `${month}-01`, max: lastDay(month) };

  const fail = (form: ReturnType<typeof Form.useForm>[0], e: unknown) => {
    if (e instanceof ApiError && e.status === 400) setLeft(showProblems(form, e, t, i18n.language));
    else setError(failureText(e, t));
  };
  const saveVisits = async (v: { items: Row[] }) => {
    setLeft([]);
    setError(undefined);
    const items = (v.items ?? [])
      .filter((r) => r.plannedDate || r.accountName?.trim())
      .map((r) => ({
        plannedDate: r.plannedDate,
        accountName: r.accountName?.trim(),
        ...(r.purpose?.trim() ? { purpose: r.purpose.trim() } : {}),
      }));
    if (!items.length) return;
    setBusy('visits');
    try {
      await post('/visit-plans', { month, items });
      message.success(t('monthEnd.visits.saved', { n: items.length }));
      visitForm.resetFields();
      void qc.invalidateQueries({ queryKey: ['read', plansPath] });
    } catch (e) {
      fail(visitForm, e);
    } finally {
      setBusy(undefined);
    }
  };
  const saveEvent = async (v: { kind: string; name: string; plannedDate: string; location?: string }) => {
    setLeft([]);
    setError(undefined);
    setBusy('event');
    try {
      await post('/events', {
        kind: v.kind,
        name: v.name?.trim(),
        plannedDate: v.plannedDate,
        ...(v.location?.trim() ? { location: v.location.trim() } : {}),
      });
      message.success(t('monthEnd.visits.eventSaved'));
      eventForm.resetFields();
      void qc.invalidateQueries({ queryKey: ['read', eventsPath] });
    } catch (e) {
      fail(eventForm, e);
    } finally {
      setBusy(undefined);
    }
  };
  const required = [{ required: true, message: t('common.required') }];

  return (
    <div data-visit-plan={month}>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 8 }}
        message={mine ? t('monthEnd.visits.submitHint') : t('monthEnd.visits.readOnly')}
        description={
          <span data-visit-count={plans.data?.items.length ?? 0} data-event-count={ownEvents.length}>
            {t('monthEnd.visits.count', { visits: plans.data?.items.length ?? 0, events: ownEvents.length })}
          </span>
        }
      />
      <Card size="small" title={t('monthEnd.visits.title', { month })} style={{ marginBottom: 8 }}>
        <ResponsiveTable<PlanItem>
          size="small"
          rowKey="id"
          pagination={false}
          loading={plans.isPending && !!month}
          dataSource={plans.data?.items ?? []}
          locale={{ emptyText: <EmptyText>{t('monthEnd.visits.none')}</EmptyText> }}
          onRow={(r) => ({ 'data-visit-item': r.id }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'd', dataIndex: 'plannedDate', title: t('monthEnd.visits.plannedDate'), width: 130 },
            { key: 'a', dataIndex: 'accountName', title: t('monthEnd.visits.account') },
            { key: 'p', dataIndex: 'purpose', title: t('monthEnd.visits.purpose') },
          ]}
        />
        {mine && task.status === 'open' && (
          <Form
            form={visitForm}
            name="visits"
            layout="vertical"
            style={{ marginTop: 12 }}
            initialValues={{ items: [EMPTY] }}
            onFinish={(v) => void saveVisits(v)}
            data-form="visit-plan"
          >
            <Form.List name="items">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f) => (
                    <Space key={f.key} align="start" wrap>
                      <Form.Item
                        name={[f.name, 'plannedDate']}
                        label={t('monthEnd.visits.plannedDate')}
                        rules={required}
                      >
                        <Input {...dateProps} style={{ width: 160 }} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'accountName']} label={t('monthEnd.visits.account')} rules={required}>
                        <Input maxLength={100} style={{ width: 220 }} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'purpose']} label={t('monthEnd.visits.purpose')}>
                        <Input maxLength={500} style={{ width: 260 }} />
                      </Form.Item>
                      {fields.length > 1 && (
                        <Form.Item label=" ">
                          <Button onClick={() => remove(f.name)} aria-label={t('monthEnd.visits.remove')}>
                            ×
                          </Button>
                        </Form.Item>
                      )}
                    </Space>
                  ))}
                  <Space>
                    <Button onClick={() => add({ ...EMPTY })} data-action="add-visit">
                      {t('monthEnd.visits.add')}
                    </Button>
                    <Button type="primary" htmlType="submit" loading={busy === 'visits'} data-action="save-visits">
                      {t('monthEnd.visits.save')}
                    </Button>
                  </Space>
                </>
              )}
            </Form.List>
          </Form>
        )}
      </Card>
      <Card size="small" title={t('monthEnd.visits.events', { month })} style={{ marginBottom: 8 }}>
        <ResponsiveTable<EventItem>
          size="small"
          rowKey="id"
          pagination={false}
          loading={events.isPending && !!month}
          dataSource={ownEvents}
          locale={{ emptyText: <EmptyText>{t('monthEnd.visits.noEvents')}</EmptyText> }}
          onRow={(r) => ({ 'data-event-item': r.id }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'd', dataIndex: 'plannedDate', title: t('monthEnd.visits.eventDate'), width: 130 },
            {
              key: 'k',
              title: t('monthEnd.visits.eventKind'),
              render: (_: unknown, r) => t(`monthEnd.visits.${r.kind}`),
            },
            { key: 'n', dataIndex: 'name', title: t('monthEnd.visits.eventName') },
            { key: 'l', dataIndex: 'location', title: t('monthEnd.visits.location') },
          ]}
        />
        {mine && task.status === 'open' && (
          <Form
            form={eventForm}
            name="event"
            layout="vertical"
            style={{ marginTop: 12 }}
            initialValues={{ kind: 'outreach', name: '', plannedDate: '', location: '' }}
            onFinish={(v) => void saveEvent(v)}
            data-form="event"
          >
            <Space align="start" wrap>
              <Form.Item name="kind" label={t('monthEnd.visits.eventKind')} rules={required}>
                <Select
                  style={{ width: 140 }}
                  options={['outreach', 'showroom'].map((k) => ({ value: k, label: t(`monthEnd.visits.${k}`) }))}
                />
              </Form.Item>
              <Form.Item name="name" label={t('monthEnd.visits.eventName')} rules={required}>
                <Input maxLength={100} style={{ width: 220 }} />
              </Form.Item>
              <Form.Item name="plannedDate" label={t('monthEnd.visits.eventDate')} rules={required}>
                <Input {...dateProps} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="location" label={t('monthEnd.visits.location')}>
                <Input maxLength={200} style={{ width: 200 }} />
              </Form.Item>
              <Form.Item label=" ">
                <Button htmlType="submit" loading={busy === 'event'} data-action="save-event">
                  {t('monthEnd.visits.addEvent')}
                </Button>
              </Form.Item>
            </Space>
          </Form>
        )}
      </Card>
      {left.length > 0 && (
        <Alert
          type="error"
          role="alert"
          style={{ marginBottom: 8 }}
          message={left.map((p) => problemText(p, t, i18n.language)).join('；')}
        />
      )}
      {error && <Alert type="error" role="alert" style={{ marginBottom: 8 }} message={error} />}
    </div>
  );
}
