// One chart for every page: a picture (Apache ECharts, loaded in its own lazy chunk by chart-impl.tsx) with an
// accessible name, a tooltip, and a table view with the same numbers; it fills its container's width and follows
// it when the container resizes (a phone's 390 px included). Labels come in the reader's language from the caller.
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Segmented, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import '../i18n/dealer-home';
import { ScrollBox } from './scroll-box';

const ChartPicture = lazy(() => import('./chart-impl'));

/** The grade funnel from the widest stage to the deal (C → B → A → H → O), as the manual draws it. */
export const FUNNEL_GRADES = ['C', 'B', 'A', 'H', 'O'];

export interface ChartSeries {
  name: string;
  type: 'bar' | 'line';
  values: Array<number | null>;
}

export interface ChartSpec {
  /** bars (and lines) over categories, or a funnel of the first series' values */
  kind: 'bars' | 'funnel';
  /** The accessible name and the caption. */
  label: string;
  /** The first column's heading in the table view. */
  categoryTitle: string;
  categories: string[];
  series: ChartSeries[];
  height?: number;
  /** Opens the records behind a figure (a click on the picture, a link in the table). */
  onPick?: (category: number, series: number) => void;
}

export function Chart({ id, extra, ...spec }: ChartSpec & { id: string; extra?: ReactNode }) {
  const { t } = useTranslation();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  return (
    <figure data-chart={id} style={{ margin: 0, minWidth: 0 }}>
      <figcaption style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', marginBottom: 8 }}>
        <Typography.Text strong style={{ flex: '1 1 auto' }}>
          {spec.label}
        </Typography.Text>
        {extra}
        <Segmented
          data-chart-toggle={id}
          size="small"
          aria-label={t('chart.view', { name: spec.label })}
          value={view}
          onChange={(v) => setView(v as 'chart' | 'table')}
          options={[
            { value: 'chart', label: t('chart.picture') },
            { value: 'table', label: t('chart.table') },
          ]}
        />
      </figcaption>
      {view === 'chart' ? (
        <div role="img" aria-label={spec.label} data-chart-picture={id} style={{ width: '100%' }}>
          <Suspense fallback={<Spin />}>
            <ChartPicture {...spec} />
          </Suspense>
        </div>
      ) : (
        <ChartTable id={id} {...spec} />
      )}
    </figure>
  );
}

function ChartTable({ id, label, categoryTitle, categories, series, onPick }: ChartSpec & { id: string }) {
  const cell = { padding: '4px 8px', borderBottom: '1px solid #eee', textAlign: 'right' as const };
  return (
    <ScrollBox label={label}>
      <table data-chart-table={id} style={{ borderCollapse: 'collapse', width: '100%' }}>
        <caption style={{ position: 'absolute', left: -9999 }}>{label}</caption>
        <thead>
          <tr>
            <th scope="col" style={{ ...cell, textAlign: 'left' }}>
              {categoryTitle}
            </th>
            {series.map((s) => (
              <th scope="col" key={s.name} style={cell}>
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {categories.map((c, i) => (
            <tr key={c} data-category={c}>
              <th scope="row" style={{ ...cell, textAlign: 'left', fontWeight: 'normal' }}>
                {c}
              </th>
              {series.map((s, j) => {
                const v = s.values[i];
                return (
                  <td key={s.name} style={cell} data-value={v ?? ''}>
                    {v === null || v === undefined ? (
                      '–'
                    ) : onPick ? (
                      <Typography.Link onClick={() => onPick(i, j)}>{v}</Typography.Link>
                    ) : (
                      v
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
