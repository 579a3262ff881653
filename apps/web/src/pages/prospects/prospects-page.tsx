// 潜客: the list with filters (grade, hot, owner, overdue follow-up) and the 留档 form.
import { useState } from 'react';
import { Alert, Button, Checkbox, Drawer, Select, Space, Tag, Typography } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../api/auth';
import { usePeople, useProspects } from '../../api/hooks';
import type { Prospect } from '../../api/types';
import { date } from '../../lib/format';
import { failureText } from '../../lib/problems';
import { ProspectForm } from './prospect-form';
import { GRADES, gradeOptions, vocab } from './vocab';
import { ResponsiveTable } from '../../lib/responsive';

export default function ProspectsPage() {
  const { t, i18n } = useTranslation();
  const { has } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const people = usePeople();
  const names = new Map((people.data?.items ?? []).map((p) => [p.id, p.displayName]));
  const page = Number(params.get('page') ?? 1);
  const hot = params.get('hot');
  const list = useProspects({
    grade: params.get('grade') ?? undefined,
    ownerId: params.get('ownerId') ?? undefined,
    hot: hot === null ? undefined : hot === 'true',
    overdue: params.get('overdue') === 'true',
    page,
    pageSize: 20,
  });
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'page') next.delete('page');
    setParams(next, { replace: true });
  };
  const now = Date.now();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('prospects.title')}
        </Typography.Title>
        {has('consultant', 'ka_manager') && (
          <Button type="primary" onClick={() => setCreating(true)} data-action="new-prospect">
            {t('prospects.new')}
          </Button>
        )}
      </Space>
      <Space wrap>
        <Select
          allowClear
          placeholder={t('prospects.grade')}
          aria-label={t('prospects.grade')}
          style={{ width: 120 }}
          value={params.get('grade') ?? undefined}
          onChange={(v) => set('grade', v)}
          options={gradeOptions(i18n.language, GRADES)}
        />
        <Select
          allowClear
          placeholder={t('prospects.owner')}
          aria-label={t('prospects.owner')}
          style={{ width: 180 }}
          value={params.get('ownerId') ?? undefined}
          onChange={(v) => set('ownerId', v)}
          options={(people.data?.items ?? [])
            .filter((p) => p.roles.includes('consultant'))
            .map((p) => ({ value: p.id, label: p.displayName }))}
        />
        <Checkbox checked={hot === 'true'} onChange={(e) => set('hot', e.target.checked ? 'true' : undefined)}>
          {t('prospects.hot')}
        </Checkbox>
        <Checkbox
          checked={params.get('overdue') === 'true'}
          onChange={(e) => set('overdue', e.target.checked ? 'true' : undefined)}
        >
          {t('prospects.overdueOnly')}
        </Checkbox>
      </Space>
      {list.isError && <Alert type="error" message={failureText(list.error, t)} />}
      <ResponsiveTable<Prospect>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        onRow={(r) => ({ 'data-prospect-id': r.id }) as React.HTMLAttributes<HTMLElement>}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => t('common.total', { count: n }),
          onChange: (p) => set('page', p > 1 ? String(p) : undefined),
        }}
        columns={[
          {
            key: 'a',
            title: t('prospects.account'),
            render: (_: unknown, r) => <Link to={`/prospects/${r.id}`}>{r.account.name}</Link>,
          },
          { key: 'c', title: t('prospects.contactName'), render: (_: unknown, r) => r.contact.name },
          { key: 'm', title: t('prospects.model'), render: (_: unknown, r) => `${r.model} × ${r.quantity}` },
          {
            key: 'g',
            title: t('prospects.grade'),
            render: (_: unknown, r) => (
              <>
                {<Tag>{r.grade}</Tag>}
                {r.hot && <Tag color="red">{t('prospects.hot')}</Tag>}
              </>
            ),
          },
          {
            key: 'ch',
            title: t('prospects.channel'),
            render: (_: unknown, r) => vocab(i18n.language, 'channel', r.channel),
          },
          { key: 'o', title: t('prospects.owner'), render: (_: unknown, r) => names.get(r.ownerId) ?? '' },
          {
            key: 'n',
            title: t('prospects.nextDue'),
            render: (_: unknown, r) =>
              r.nextFollowUpDue ? (
                <span>
                  {date(r.nextFollowUpDue)}{' '}
                  {new Date(r.nextFollowUpDue).getTime() < now && <Tag color="red">{t('inbox.overdue')}</Tag>}
                </span>
              ) : (
                '–'
              ),
          },
        ]}
      />
      <Drawer open={creating} onClose={() => setCreating(false)} title={t('prospects.new')} width={420} destroyOnHidden>
        <ProspectForm
          onDone={(id) => {
            setCreating(false);
            navigate(`/prospects/${id}`);
          }}
        />
      </Drawer>
    </Space>
  );
}
