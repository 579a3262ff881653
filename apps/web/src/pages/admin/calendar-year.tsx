// A year of the working calendar: each month's days, working / off / make-up working day (a
// weekend day that is worked), and whether the year's data is official.
import { useState } from 'react';
import { Alert, Col, InputNumber, Row, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { WarnTag } from '../../lib/tags';
import { useRead } from '../../api/hooks';
import { failureText } from '../../lib/problems';

export function CalendarYear() {
  const { t } = useTranslation();
  const [year, setYear] = useState(new Date().getFullYear());
  const q = useRead<{ days: string[]; official: boolean; provisional?: boolean }>(
    `/calendar/working-days?from=${year}-01-01&to=${year}-12-31`,
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <span>{t('admin.year')}</span>
        <InputNumber
          aria-label={t('admin.year')}
          min={2000}
          max={2099}
          value={year}
          onChange={(v) => v && setYear(v)}
        />
        {q.data &&
          (q.data.official ? (
            <Tag color="green">{t('admin.official')}</Tag>
          ) : (
            <WarnTag>{t('admin.provisional')}</WarnTag>
          ))}
      </Space>
      <Space>
        <Tag color="blue">{t('admin.workingDay')}</Tag>
        <Tag>{t('admin.offDay')}</Tag>
        <Tag color="purple">{t('admin.makeupDay')}</Tag>
      </Space>
      {q.isPending && <Spin />}
      {q.isError && <Alert type="error" message={failureText(q.error, t)} />}
      {q.data && <Months year={year} working={new Set(q.data.days)} />}
    </Space>
  );
}

function Months({ year, working }: { year: number; working: Set<string> }) {
  return (
    <Row gutter={[12, 12]}>
      {Array.from({ length: 12 }, (_, m) => {
        const days = new Date(Date.UTC(year, m + 1, 0)).getUTCDate();
        const first = (new Date(Date.UTC(year, m, 1)).getUTCDay() + 6) % 7;
        const cells = [...Array(first).fill(null), ...Array.from({ length: days }, (_, d) => d + 1)];
        return (
          <Col key={m} xs={24} sm={12} md={8} lg={6}>
            <Typography.Text strong>
              {year}-{String(m + 1).padStart(2, '0')}
            </Typography.Text>
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2, marginTop: 4 }}>
              {cells.map((d, i) => {
                if (d === null) return <span key={`e${i}`} />;
                const key = `${year}-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
                const dow = (first + d - 1) % 7;
                const work = working.has(key);
                const makeup = work && dow >= 5;
                return (
                  <span
                    key={key}
                    data-day={key}
                    data-working={String(work)}
                    title={key}
                    style={{
                      textAlign: 'center',
                      fontSize: 12,
                      borderRadius: 3,
                      padding: '1px 0',
                      background: makeup ? '#efdbff' : work ? '#d6e4ff' : '#f5f5f5',
                      color: '#222',
                    }}
                  >
                    {d}
                  </span>
                );
              })}
            </div>
          </Col>
        );
      })}
    </Row>
  );
}
