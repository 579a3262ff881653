// 今日工作: the consultant's day from GET /api/home/consultant (one request). The agenda (follow-ups due today and
// overdue) records a follow-up in one action: the row's button opens the prospect page's follow-up form, and once
// it is saved the home is read again and the row leaves (its next due date has moved on).
import { useState } from 'react';
import { Button, Col, Drawer, Grid, Row, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { useConsultantHome } from '../../api/hooks';
import type { ConsultantHome as Home } from '../../api/types';
import { date, dateTime } from '../../lib/format';
import { Loaded } from '../../lib/loaded';
import { FollowUpForm } from '../prospects/prospect-page';
import { ForecastCard } from '../forecast/forecast-card';
import { Figure, Figures, HomeHeading, Section, useDrillDown } from './home-parts';

type AgendaRow = Home['followUps']['items'][number];
const touch = { minHeight: 44 };
// antd's orange and green tags fall short of WCAG AA contrast; these darker texts meet it
const DUE_TODAY = { color: '#873800', background: '#fff7e6', borderColor: '#ffd591' };
const REACHED = { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' };

export default function ConsultantHome({ consultantId }: { consultantId?: string }) {
  const q = useConsultantHome(consultantId);
  return <Loaded q={q}>{(h) => <HomeView h={h} />}</Loaded>;
}

function HomeView({ h }: { h: Home }) {
  const { t } = useTranslation();
  const phone = !Grid.useBreakpoint().md;
  const qc = useQueryClient();
  const [recording, setRecording] = useState<AgendaRow | null>(null);
  const drill = useDrillDown(h.month);
  const me = h.consultant.id;
  const mine = (f: string) => `/prospects?ownerId=${me}&${f}`;
  const scrollTo = (id: string) => document.getElementById(id)?.scrollIntoView({ behavior: 'smooth' });
  const block = { block: phone, style: touch };
  return (
    <div data-home-ready="consultant" style={{ display: 'flex', flexDirection: 'column', gap: 12, minWidth: 0 }}>
      <HomeHeading
        title={t('home.consultantTitle')}
        sub={
          <>
            {t('home.today', { date: date(`${h.today}T12:00:00Z`), tz: h.timezone })}
            {' · '}
            {t('home.forConsultant', { name: h.consultant.displayName })}
          </>
        }
      />
      <Figures>
        <Figure
          name="due-today"
          label={t('home.dueToday')}
          value={h.followUps.dueToday}
          onOpen={() => scrollTo('agenda')}
        />
        <Figure
          name="overdue"
          label={t('home.overdue')}
          value={h.followUps.overdue}
          tone={h.followUps.overdue > 0 ? 'danger' : 'normal'}
          to={mine('overdue=true')}
        />
        <Figure
          name="hot"
          label={`${t('home.hot')} · ${t('home.hotBehind')}`}
          value={`${h.hot.behind} / ${h.hot.customers}`}
          to={mine('hot=true')}
        />
        <Figure name="to-grade" label={t('home.toGrade')} value={h.toGrade.count} to={mine('grade=W')} />
        <Figure
          name="tasks"
          label={t('home.tasks')}
          value={h.tasks.open}
          tone={h.tasks.overdue > 0 ? 'danger' : 'normal'}
          to="/inbox"
        />
        <Figure name="visits" label={t('home.visits')} value={h.visitsToday.count} onOpen={() => scrollTo('visits')} />
      </Figures>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            <div id="agenda">
              <Section
                name="agenda"
                title={t('home.agenda')}
                extra={phone ? undefined : <Typography.Text type="secondary">{t('home.agendaHint')}</Typography.Text>}
                items={h.followUps.items}
                empty={t('home.agendaEmpty')}
                rowKey={(r) => r.prospectId}
                render={(r) => (
                  <div style={{ width: '100%' }} data-agenda-row={r.prospectId}>
                    <Space wrap size={4}>
                      <Link to={`/prospects/${r.prospectId}`} style={{ fontWeight: 600 }}>
                        {r.account}
                      </Link>
                      <Tag>{r.grade}</Tag>
                      {r.hot && <Tag color="red">{t('prospects.hot')}</Tag>}
                      <Tag color={r.overdue ? 'red' : undefined} style={r.overdue ? undefined : DUE_TODAY}>
                        {r.overdue ? t('home.overdue') : t('home.dueToday')}
                      </Tag>
                    </Space>
                    <div style={{ color: 'rgba(0, 0, 0, 0.7)', overflowWrap: 'anywhere' }}>
                      {r.contact} ·{' '}
                      <a href={`tel:${r.phone.replace(/\s/g, '')}`} style={{ textDecoration: 'underline' }}>
                        {r.phone}
                      </a>{' '}
                      · {r.model} × {r.quantity}
                      {' · '}
                      {t('home.dueAt', { at: dateTime(r.dueAt) })}
                    </div>
                    <Button
                      type="primary"
                      {...block}
                      style={{ ...touch, marginTop: 8 }}
                      onClick={() => setRecording(r)}
                      data-action="record-follow-up"
                    >
                      {t('home.recordFollowUp')}
                    </Button>
                  </div>
                )}
              />
            </div>
            <Section
              name="hot"
              title={t('home.hot')}
              extra={
                phone ? undefined : (
                  <Typography.Text type="secondary">{t('home.hotHint', { target: h.hot.target })}</Typography.Text>
                )
              }
              items={h.hot.items}
              empty={t('home.hotEmpty')}
              rowKey={(r) => r.prospectId}
              render={(r) => (
                <Space wrap style={{ width: '100%', justifyContent: 'space-between' }} data-hot-row={r.prospectId}>
                  <span>
                    <Link to={`/prospects/${r.prospectId}`}>{r.account}</Link> <Tag>{r.grade}</Tag>
                  </span>
                  <Tag
                    color={r.followUps >= h.hot.target ? undefined : 'red'}
                    style={r.followUps >= h.hot.target ? REACHED : undefined}
                    data-hot-follow-ups={r.followUps}
                  >
                    {t('home.hotFollowUps', { n: r.followUps, target: h.hot.target })}
                  </Tag>
                </Space>
              )}
            />
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            <MyMonth h={h} onDrill={() => drill.open(me, h.consultant.displayName, 'orderAchievement')} />
            {/* my month's forecast: fetched by the card itself, after the home's own data is shown */}
            <ForecastCard scope="consultant" id={me} />
            <Section
              name="tasks"
              title={t('home.tasks')}
              extra={<Link to="/inbox">{t('home.allTasks')}</Link>}
              items={h.tasks.items}
              empty={t('home.tasksEmpty')}
              rowKey={(r) => r.id}
              render={(r) => (
                <div style={{ width: '100%' }} data-task-row={r.id}>
                  <Link to={`/tasks/${r.id}`} style={{ display: 'inline-block', minHeight: 24 }}>
                    {r.title}
                  </Link>
                  <div>
                    <Tag>{t(`kind.${r.kind}`, { defaultValue: r.kind })}</Tag>
                    <Typography.Text type={r.overdue ? 'danger' : 'secondary'}>
                      {t('home.dueAt', { at: dateTime(r.dueAt) })}
                    </Typography.Text>
                  </div>
                </div>
              )}
            />
            <div id="visits">
              <Section
                name="visits"
                title={t('home.visits')}
                items={h.visitsToday.items}
                empty={t('home.visitsEmpty')}
                rowKey={(r) => r.id}
                render={(r) => (
                  <Space wrap>
                    <span>{r.accountName ?? '–'}</span>
                    {r.purpose && <Typography.Text type="secondary">{r.purpose}</Typography.Text>}
                    {r.done && <Tag style={REACHED}>{t('home.visitDone')}</Tag>}
                  </Space>
                )}
              />
            </div>
            <Section
              name="to-grade"
              title={t('home.toGrade')}
              items={h.toGrade.items}
              empty={t('home.toGradeEmpty')}
              rowKey={(r) => r.prospectId}
              render={(r) => (
                <Space wrap>
                  <Link to={`/prospects/${r.prospectId}`}>{r.account}</Link>
                  <Typography.Text type="secondary">
                    {r.model} · {t('home.recordedAt', { at: date(r.createdAt) })}
                  </Typography.Text>
                </Space>
              )}
            />
          </Space>
        </Col>
      </Row>
      <Drawer
        open={!!recording}
        onClose={() => setRecording(null)}
        placement={phone ? 'bottom' : 'right'}
        size={phone ? 'large' : 420}
        title={recording ? t('home.recordTitle', { account: recording.account }) : ''}
        destroyOnHidden
        rootClassName="home-drawer"
      >
        {recording && (
          <FollowUpForm
            prospect={{ id: recording.prospectId }}
            onDone={() => {
              setRecording(null);
              void qc.invalidateQueries({ queryKey: ['home'] });
              void qc.invalidateQueries({ queryKey: ['tasks'] });
            }}
          />
        )}
      </Drawer>
      {drill.drawer}
    </div>
  );
}

function MyMonth({ h, onDrill }: { h: Home; onDrill: () => void }) {
  const { t } = useTranslation();
  const me = h.consultant.id;
  const m = h.myMonth;
  return (
    <Section
      name="my-month"
      title={t('home.myMonth', { month: h.month })}
      items={[m]}
      empty=""
      rowKey={() => 'month'}
      render={() => (
        <div style={{ width: '100%', display: 'flex', flexDirection: 'column', gap: 8 }}>
          <Figures>
            <Figure
              name="target"
              label={t('home.target')}
              value={m.orderTarget ?? t('home.noTarget')}
              onOpen={onDrill}
            />
            <Figure name="orders" label={t('home.orders')} value={m.ordersSoFar} onOpen={onDrill} />
          </Figures>
          <Typography.Text strong>{t('home.pipeline')}</Typography.Text>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(5, minmax(0, 1fr))', gap: 4 }}>
            {(['H', 'A', 'B', 'C', 'O'] as const).map((g) => (
              <Figure
                key={g}
                name={`grade-${g}`}
                label={g}
                value={m.pipeline[g]}
                to={`/prospects?ownerId=${me}&grade=${g}`}
              />
            ))}
          </div>
        </div>
      )}
    />
  );
}
