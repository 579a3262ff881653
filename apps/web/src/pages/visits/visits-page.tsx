// 走访 (visits): a consultant's visits planned for today, each checked in (走访签到) from the phone; a manager's
// view of the month's planned visits with each check-in's time, position and a link to the position on a map.
import { Alert, Card, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../api/auth';
import { query } from '../../api/client';
import { usePeople, useRead } from '../../api/hooks';
import { dateTime } from '../../lib/format';
import { mapLink } from '../../lib/geolocation';
import { EmptyText } from '../../lib/provisional';
import { failureText } from '../../lib/problems';
import { ResponsiveTable } from '../../lib/responsive';
import { CheckInButton, type CheckInAnswer } from './check-in-button';

interface PlanItem {
  id: string;
  consultantId: string;
  plannedDate: string;
  accountName: string | null;
  purpose: string | null;
  unplanned: boolean;
  checkIn: CheckInAnswer | null;
}
interface Plan {
  month: string;
  today: string;
  items: PlanItem[];
}

/** Time, and the position with its accuracy and a map link, or "no position". */
export function CheckInText({ checkIn, name }: { checkIn: CheckInAnswer; name?: string | null }) {
  const { t } = useTranslation();
  const p = checkIn.position;
  const where = p && { lat: p.lat.toFixed(5), lng: p.lng.toFixed(5), accuracy: Math.round(p.accuracy) };
  return (
    <Space direction="vertical" size={0} data-checked-in={checkIn.planId}>
      <span>{t('checkIn.at', { time: dateTime(checkIn.checkedInAt) })}</span>
      {p ? (
        <span data-position>
          {t('checkIn.position', where!)}{' '}
          <a href={mapLink(p, name ?? undefined)} target="_blank" rel="noreferrer" data-map-link>
            {t('checkIn.map')}
          </a>
        </span>
      ) : (
        <Tag data-no-position>{t('checkIn.noPosition')}</Tag>
      )}
    </Space>
  );
}

/** The consultant's visits planned for today, each with its check-in or the button (reusable on a home page). */
export function TodaysVisits() {
  const { t } = useTranslation();
  const plan = useRead<Plan>('/visit-plans');
  if (plan.error) return <Alert type="error" showIcon message={failureText(plan.error, t)} />;
  const today = plan.data?.today;
  const items = (plan.data?.items ?? []).filter((i) => i.plannedDate === today);
  return (
    <List
      loading={plan.isLoading}
      dataSource={items}
      locale={{ emptyText: <EmptyText>{t('checkIn.noneToday')}</EmptyText> }}
      renderItem={(i) => (
        <List.Item key={i.id} data-visit={i.id} style={{ display: 'block' }}>
          <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
            {i.accountName ?? ''}
          </Typography.Text>{' '}
          {i.unplanned && <Tag>{t('checkIn.unplanned')}</Tag>}
          {i.purpose && <div style={{ overflowWrap: 'anywhere' }}>{i.purpose}</div>}
          <div style={{ marginTop: 8 }}>
            {i.checkIn ? <CheckInText checkIn={i.checkIn} name={i.accountName} /> : <CheckInButton planId={i.id} />}
          </div>
        </List.Item>
      )}
    />
  );
}

function ManagerView() {
  const { t } = useTranslation();
  const [month, setMonth] = useState('');
  const plan = useRead<Plan>(`/visit-plans${query({ month: /^\d{4}-\d{2}$/.test(month) ? month : undefined })}`);
  const people = usePeople();
  const names = new Map((people.data?.items ?? []).map((p) => [p.id, p.displayName]));
  return (
    <Card title={t('checkIn.managerTitle', { month: plan.data?.month ?? '' })}>
      <Input
        type="month"
        value={month || plan.data?.month}
        onChange={(e) => setMonth(e.target.value)}
        aria-label={t('checkIn.month')}
        style={{ maxWidth: 200, marginBottom: 12 }}
      />
      {plan.error && <Alert type="error" showIcon message={failureText(plan.error, t)} />}
      <ResponsiveTable<PlanItem>
        rowKey="id"
        loading={plan.isLoading}
        dataSource={plan.data?.items ?? []}
        pagination={false}
        onRow={(r) => ({ 'data-visit': r.id }) as React.HTMLAttributes<HTMLElement>}
        cardTitle={(r) => r.accountName ?? ''}
        columns={[
          { title: t('checkIn.account'), dataIndex: 'accountName' },
          { title: t('checkIn.consultant'), dataIndex: 'consultantId', render: (v: string) => names.get(v) ?? '' },
          {
            title: t('checkIn.planned'),
            dataIndex: 'plannedDate',
            render: (v: string, r) => (
              <>
                {v} {r.unplanned && <Tag>{t('checkIn.unplanned')}</Tag>}
              </>
            ),
          },
          {
            title: t('checkIn.title'),
            dataIndex: 'checkIn',
            render: (c: CheckInAnswer | null, r) =>
              c ? <CheckInText checkIn={c} name={r.accountName} /> : t('checkIn.notYet'),
          },
        ]}
      />
    </Card>
  );
}

export default function VisitsPage() {
  const { t } = useTranslation();
  const { user, has } = useAuth();
  const consultant = !!user?.roles.includes('consultant');
  const manages = has('ka_manager', 'sales_director', 'gm');
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={3}>{t('checkIn.pageTitle')}</Typography.Title>
      {consultant && (
        <Card title={t('checkIn.today')}>
          <TodaysVisits />
        </Card>
      )}
      {manages && <ManagerView />}
    </Space>
  );
}
