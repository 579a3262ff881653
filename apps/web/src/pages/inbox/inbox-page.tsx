// 待办: my tasks and my role's tasks (and, marked, those of the people I stand in for); open / done; filters,
// paging and totals by the API; polled. Managers select open tasks and reassign them (转办) with a reason.
import { useState } from 'react';
import { Alert, Button, Checkbox, Input, Modal, Select, Space, Tabs, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { WarnTag } from '../../lib/tags';
import { useAuth } from '../../api/auth';
import { ApiError } from '../../api/client';
import { usePeople, useReassignTasks, useTasks, type TaskFilter } from '../../api/hooks';
import { TASK_KINDS, type Task } from '../../api/types';
import { dateTime } from '../../lib/format';
import { ProvisionalTag } from '../../lib/provisional';
import { PROCESS_KINDS } from '../../lib/processes';
import { failureText } from '../../lib/problems';
import { ResponsiveTable } from '../../lib/responsive';

const PAGE_SIZE = 20;

export default function InboxPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') === 'done' ? 'done' : 'open') as 'open' | 'done';
  const [q, setQ] = useState(params.get('q') ?? '');
  const filter: TaskFilter = {
    status,
    kind: params.get('kind') ?? (params.get('process') ? PROCESS_KINDS[params.get('process')!]?.join(',') : undefined),
    overdue: params.get('overdue') === 'true',
    dueToday: params.get('dueToday') === 'true',
    q: params.get('q') ?? undefined,
    page: Number(params.get('page') ?? 1),
    pageSize: PAGE_SIZE,
    scope: params.get('scope') === 'dealer' ? 'dealer' : undefined,
  };
  const order = params.get('order') === 'desc' ? 'desc' : 'asc';
  const tasks = useTasks({ ...filter, order });
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'page') next.delete('page');
    setParams(next, { replace: true });
  };
  const { has } = useAuth();
  const manager = has('ka_manager');
  const mayReassign = status === 'open' && manager;
  const people = usePeople();
  const nameOf = (id: string) => people.data?.items.find((p) => p.id === id)?.displayName ?? '–';
  const [selected, setSelected] = useState<string[]>([]);
  const [reassigning, setReassigning] = useState(false);
  const now = Date.now();
  const columns: TableProps<Task>['columns'] = [
    {
      title: t('inbox.task'),
      dataIndex: 'title',
      render: (title: string, r) => (
        <Space size={4} wrap>
          <Link to={`/tasks/${r.id}`}>{title}</Link>
          {r.onBehalfOf && (
            <Tag color="blue" data-on-behalf-of={r.onBehalfOf.id}>
              {t('inbox.onBehalf', { name: r.onBehalfOf.displayName })}
            </Tag>
          )}
        </Space>
      ),
    },
    { title: t('inbox.kind'), dataIndex: 'kind', render: (k: string) => t(`kind.${k}`), width: 150 },
    {
      title: t('inbox.due'),
      dataIndex: 'dueAt',
      width: 260,
      sorter: true,
      sortOrder: order === 'desc' ? 'descend' : 'ascend',
      render: (d: string, r) => (
        <Space size={4}>
          <span>{dateTime(d)}</span>
          <ProvisionalTag show={r.provisional} />
          {r.status === 'open' && new Date(d).getTime() < now && (
            <Tag color="red" data-overdue="true">
              {t('inbox.overdue')}
            </Tag>
          )}
        </Space>
      ),
    },
    {
      title: t('inbox.level'),
      dataIndex: 'escalationLevel',
      width: 120,
      render: (n: number) => (n > 0 ? <WarnTag>{t('inbox.levelN', { n })}</WarnTag> : '–'),
    },
    {
      title: t('inbox.assignee'),
      width: 150,
      render: (_: unknown, r) =>
        r.assigneeRole ? t(`role.${r.assigneeRole}`) : r.assigneeUserId ? nameOf(r.assigneeUserId) : '–',
    },
    ...(status === 'done'
      ? [
          {
            title: t('inbox.decision'),
            dataIndex: 'decision',
            width: 120,
            render: (d: string) => (d ? t(`decision.${d}`) : '–'),
          },
        ]
      : []),
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('inbox.title')}
      </Typography.Title>
      <Tabs
        activeKey={status}
        onChange={(k) => set('status', k === 'done' ? 'done' : undefined)}
        items={[
          { key: 'open', label: t('inbox.open') },
          { key: 'done', label: t('inbox.done') },
        ]}
      />
      <Space wrap>
        <Select
          allowClear
          style={{ width: 180 }}
          placeholder={t('inbox.process')}
          aria-label={t('inbox.process')}
          value={params.get('process') ?? undefined}
          onChange={(v) => set('process', v)}
          options={Object.keys(PROCESS_KINDS).map((p) => ({ value: p, label: t(`process.${p}`) }))}
        />
        <Select
          allowClear
          style={{ width: 200 }}
          placeholder={t('inbox.kind')}
          aria-label={t('inbox.kind')}
          value={params.get('kind') ?? undefined}
          onChange={(v) => set('kind', v)}
          options={TASK_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
        />
        {manager && (
          <Checkbox
            checked={filter.scope === 'dealer'}
            onChange={(e) => set('scope', e.target.checked ? 'dealer' : undefined)}
            data-filter="scope"
          >
            {t('inbox.dealerScope')}
          </Checkbox>
        )}
        <Checkbox checked={filter.overdue} onChange={(e) => set('overdue', e.target.checked ? 'true' : undefined)}>
          {t('inbox.overdue')}
        </Checkbox>
        <Checkbox checked={filter.dueToday} onChange={(e) => set('dueToday', e.target.checked ? 'true' : undefined)}>
          {t('inbox.dueToday')}
        </Checkbox>
        <Input.Search
          allowClear
          aria-label={t('inbox.search')}
          placeholder={t('inbox.search')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onSearch={(v) => set('q', v.trim() || undefined)}
          style={{ width: 220 }}
        />
      </Space>
      {tasks.isError && <Alert type="error" message={failureText(tasks.error, t)} />}
      {mayReassign && (
        <Space wrap>
          <Button
            disabled={selected.length === 0}
            onClick={() => setReassigning(true)}
            data-action="reassign"
            data-selected={selected.length}
          >
            {t('inbox.reassign', { count: selected.length })}
          </Button>
        </Space>
      )}
      {reassigning && (
        <ReassignDialog
          taskIds={selected}
          onClose={(done) => {
            setReassigning(false);
            if (done) setSelected([]);
          }}
        />
      )}
      <ResponsiveTable<Task>
        rowKey="id"
        rowSelection={
          mayReassign
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys as string[]),
                getCheckboxProps: (r) => ({ 'aria-label': r.title }) as any,
              }
            : undefined
        }
        size="middle"
        loading={tasks.isPending}
        dataSource={tasks.data?.items ?? []}
        columns={columns}
        locale={{ emptyText: t('inbox.empty') }}
        onRow={(r) => ({ 'data-task-id': r.id, 'data-kind': r.kind }) as React.HTMLAttributes<HTMLElement>}
        rowClassName={(r) => (r.status === 'open' && new Date(r.dueAt).getTime() < now ? 'row-overdue' : '')}
        onChange={(_, __, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          set('order', s?.order === 'descend' ? 'desc' : undefined);
        }}
        pagination={{
          current: filter.page,
          pageSize: PAGE_SIZE,
          total: tasks.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => t('common.total', { count: n }),
          onChange: (p) => set('page', p > 1 ? String(p) : undefined),
        }}
      />
    </Space>
  );
}

/** Picks the new person and the reason; the API checks that they may decide every task (all or none). */
function ReassignDialog({ taskIds, onClose }: { taskIds: string[]; onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const people = usePeople();
  const reassign = useReassignTasks();
  const [toUserId, setTo] = useState<string>();
  const [reason, setReason] = useState('');
  const problems = reassign.error instanceof ApiError ? reassign.error.details : [];
  return (
    <Modal
      open
      title={t('inbox.reassignTitle', { count: taskIds.length })}
      okText={t('inbox.reassignOk')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !toUserId || !reason.trim(), 'data-action': 'reassign-ok' } as any}
      confirmLoading={reassign.isPending}
      onCancel={() => onClose(false)}
      onOk={() =>
        reassign.mutate({ taskIds, toUserId: toUserId!, reason: reason.trim() }, { onSuccess: () => onClose(true) })
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Select
          showSearch
          optionFilterProp="label"
          style={{ width: '100%' }}
          placeholder={t('inbox.reassignTo')}
          aria-label={t('inbox.reassignTo')}
          data-field="toUserId"
          value={toUserId}
          onChange={setTo}
          options={(people.data?.items ?? []).map((p) => ({
            value: p.id,
            label: `${p.displayName} (${p.roles.map((r) => t(`role.${r}`)).join(', ')})`,
          }))}
        />
        <Input.TextArea
          rows={3}
          maxLength={500}
          placeholder={t('inbox.reassignReason')}
          aria-label={t('inbox.reassignReason')}
          data-field="reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        {reassign.isError && (
          <Alert
            type="error"
            data-reassign-error
            message={problems.length ? problems.map((p) => p.problem).join('; ') : failureText(reassign.error, t)}
          />
        )}
      </Space>
    </Modal>
  );
}
