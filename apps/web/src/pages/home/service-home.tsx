// Customer service's home (cs_manager, cs_agent) from GET /api/home/service: the dealer's callbacks due, the
// rectifications still open, and this month's information accuracy (the scorecard's figure, with its records).
import { Col, Row, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../api/auth';
import { useServiceHome } from '../../api/hooks';
import type { ServiceHome as Home } from '../../api/types';
import { date, dateTime, percent } from '../../lib/format';
import { Loaded } from '../../lib/loaded';
import { Figure, Figures, HomeHeading, Section, useDrillDown } from './home-parts';

export default function ServiceHome() {
  const q = useServiceHome();
  return <Loaded q={q}>{(h) => <HomeView h={h} />}</Loaded>;
}

function HomeView({ h }: { h: Home }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const drill = useDrillDown(h.month);
  const openAccuracy = () => user && drill.open(user.id, user.displayName, 'dealerInformationAccuracy');
  return (
    <div data-home-ready="service" style={{ display: 'flex', flexDirection: 'column', gap: 12, minWidth: 0 }}>
      <HomeHeading
        title={t('home.serviceTitle')}
        sub={t('home.today', { date: date(`${h.today}T12:00:00Z`), tz: h.timezone })}
      />
      <Figures>
        <Figure name="callbacks" label={t('home.callbacksOpen')} value={h.callbacks.open} to="/inbox?kind=callback" />
        <Figure
          name="callbacks-overdue"
          label={t('home.overdue')}
          value={h.callbacks.overdue}
          tone={h.callbacks.overdue > 0 ? 'danger' : 'normal'}
          to="/inbox?kind=callback&overdue=true"
        />
        <Figure
          name="callbacks-today"
          label={t('home.dueToday')}
          value={h.callbacks.dueToday}
          to="/inbox?kind=callback&dueToday=true"
        />
        <Figure
          name="rectifications"
          label={t('home.rectifications')}
          value={h.rectifications.open}
          tone={h.rectifications.overdue > 0 ? 'danger' : 'normal'}
          onOpen={() => document.getElementById('rectifications')?.scrollIntoView({ behavior: 'smooth' })}
        />
        <Figure name="accuracy" label={t('home.accuracy')} value={percent(h.accuracy.value)} onOpen={openAccuracy} />
      </Figures>
      <Typography.Text type="secondary" data-accuracy={`${h.accuracy.numerator}/${h.accuracy.denominator}`}>
        {t('home.accuracyOf', { n: h.accuracy.numerator, d: h.accuracy.denominator })}
      </Typography.Text>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Section
            name="callbacks"
            title={t('home.callbacks')}
            extra={<Link to="/inbox?kind=callback">{t('home.allTasks')}</Link>}
            items={h.callbacks.items}
            empty={t('home.callbacksEmpty')}
            rowKey={(r) => r.id}
            render={(r) => (
              <div style={{ width: '100%' }} data-task-row={r.id}>
                <Link to={`/tasks/${r.id}`}>{r.title}</Link>
                <div>
                  <Typography.Text type={r.overdue ? 'danger' : 'secondary'}>
                    {t('home.dueAt', { at: dateTime(r.dueAt) })}
                  </Typography.Text>{' '}
                  {r.overdue && <Tag color="red">{t('home.overdue')}</Tag>}
                </div>
              </div>
            )}
          />
        </Col>
        <Col xs={24} lg={12} id="rectifications">
          <Section
            name="rectifications"
            title={t('home.rectifications')}
            items={h.rectifications.items}
            empty={t('home.rectificationsEmpty')}
            rowKey={(r) => r.id}
            render={(r) => (
              <div style={{ width: '100%' }} data-task-row={r.id}>
                <Link to={r.prospectId ? `/prospects/${r.prospectId}` : `/tasks/${r.id}`}>{r.title}</Link>
                <div>
                  {r.assignee && (
                    <Typography.Text type="secondary">{t('home.assignee', { name: r.assignee })} · </Typography.Text>
                  )}
                  <Typography.Text type={r.overdue ? 'danger' : 'secondary'}>
                    {t('home.dueAt', { at: dateTime(r.dueAt) })}
                  </Typography.Text>
                </div>
              </div>
            )}
          />
        </Col>
      </Row>
      {drill.drawer}
    </div>
  );
}
