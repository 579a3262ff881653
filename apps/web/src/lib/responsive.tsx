// Phone-sized screens: the breakpoint every page asks (`usePhone`), a table that becomes a card list there,
// and tabs that become a select.
import { Checkbox, Empty, Grid, Pagination, Select, Spin, Table, Tabs } from 'antd';
import type { TableColumnsType, TableProps, TabsProps } from 'antd';
import { ScrollBox } from './scroll-box';
import { useState, type HTMLAttributes, type Key, type ReactNode } from 'react';

/** Below antd's `md` breakpoint (768 px): the phone layout (drawer navigation, card lists, 44 px targets). */
export function usePhone(): boolean {
  const screens = Grid.useBreakpoint();
  return screens.md === false;
}

type Column<T> = TableColumnsType<T>[number] & {
  dataIndex?: string | number | readonly (string | number)[];
  render?: (value: any, record: T, index: number) => ReactNode;
  children?: TableColumnsType<T>;
};

/** The leaf columns in order (a group's title prefixes its children's), hidden ones left out. */
function leaves<T>(cols: TableColumnsType<T>, prefix = ''): { title: ReactNode; col: Column<T> }[] {
  return cols.flatMap((c) => {
    const col = c as Column<T>;
    if (col.hidden) return [];
    const raw = typeof col.title === 'function' ? col.title({}) : col.title;
    const title = prefix && typeof raw === 'string' ? `${prefix} · ${raw}` : raw;
    if (col.children) return leaves(col.children, typeof raw === 'string' ? raw : prefix);
    return [{ title, col }];
  });
}

function valueOf<T>(r: T, dataIndex: Column<T>['dataIndex']): unknown {
  if (dataIndex === undefined) return undefined;
  const path = (Array.isArray(dataIndex) ? dataIndex : [dataIndex]) as (string | number)[];
  let v: any = r;
  for (const k of path) v = v == null ? undefined : v[k];
  return v;
}

function keyOf<T>(r: T, i: number, rowKey: TableProps<T>['rowKey']): Key {
  if (typeof rowKey === 'function') return rowKey(r, i) as Key;
  if (typeof rowKey === 'string') return (r as Record<string, Key>)[rowKey];
  return (r as { key?: Key }).key ?? i;
}

/**
 * An antd Table on a PC; on a phone a list of cards, one per row, each column a "label: value" line, so a
 * wide table never squeezes into two-character columns. The row's `onRow` attributes (data-…) and
 * `rowClassName` go onto its card, so pages and tests find a row the same way on both. `phone="scroll"`
 * keeps the table on a phone inside its own horizontal scroll box (sheets whose columns must line up).
 * `cardTitle` names a card (its first column's value otherwise).
 */
export function ResponsiveTable<T extends object>(
  props: TableProps<T> & {
    phone?: 'cards' | 'scroll';
    cardTitle?: (r: T, i: number) => ReactNode;
    /** The scroll box's accessible name (phone="scroll"). */
    scrollLabel?: string;
  },
) {
  const isPhone = usePhone();
  const [ownPage, setOwnPage] = useState(1);
  const { phone = 'cards', cardTitle, scrollLabel, ...table } = props;
  if (!isPhone) return <Table<T> {...table} />;
  // a table with a totals row (summary) keeps its columns lined up: it scrolls in its own box
  if (phone === 'scroll' || table.summary)
    return (
      <ScrollBox label={scrollLabel ?? ''}>
        <div style={{ width: 'max-content', minWidth: '100%' }}>
          <Table<T> {...table} />
        </div>
      </ScrollBox>
    );
  const cols = leaves(table.columns ?? []);
  const rows = [...(table.dataSource ?? [])];
  const pg = table.pagination;
  const pageSize = pg ? (pg.pageSize ?? 10) : rows.length || 1;
  const current = pg ? (pg.current ?? ownPage) : 1;
  // a server-paged table (pagination.total given) already holds just this page
  const serverPaged = !!pg && pg.total !== undefined && pg.total > rows.length;
  const shown = pg && !serverPaged ? rows.slice((current - 1) * pageSize, current * pageSize) : rows;
  const loading = typeof table.loading === 'object' ? table.loading.spinning : table.loading;
  const emptyText = table.locale?.emptyText;
  // a multi-select (rowSelection) on a PC's table is a checkbox on each card, a finger's width (44 px) to tap
  const sel = table.rowSelection && table.rowSelection.type !== 'radio' ? table.rowSelection : undefined;
  const selectedKeys = sel?.selectedRowKeys ?? [];
  const toggle = (key: Key, on: boolean) => {
    const keys = on ? [...selectedKeys.filter((k) => k !== key), key] : selectedKeys.filter((k) => k !== key);
    const chosen = rows.filter((r, i) => keys.includes(keyOf(r, i, table.rowKey)));
    sel?.onChange?.(keys, chosen, { type: 'single' });
  };
  return (
    <Spin spinning={!!loading}>
      {table.title && <div className="rt-title">{table.title(shown)}</div>}
      <div role="list" className="rt-cards" data-card-list="true">
        {shown.length === 0 && !loading && (
          <div role="listitem" className="rt-empty">
            {typeof emptyText === 'function'
              ? emptyText()
              : (emptyText ?? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />)}
          </div>
        )}
        {shown.map((r, i) => {
          const idx = (pg && !serverPaged ? (current - 1) * pageSize : 0) + i;
          const attrs = (table.onRow?.(r, idx) ?? {}) as HTMLAttributes<HTMLElement>;
          const cls = typeof table.rowClassName === 'function' ? table.rowClassName(r, idx, 0) : table.rowClassName;
          const cells = cols.map(({ title, col }, ci) => ({
            key: String(col.key ?? (Array.isArray(col.dataIndex) ? col.dataIndex.join('.') : col.dataIndex) ?? ci),
            title,
            node: (col.render ? col.render(valueOf(r, col.dataIndex), r, idx) : valueOf(r, col.dataIndex)) as ReactNode,
          }));
          const [head, ...rest] = cardTitle ? [{ key: '', title: '', node: cardTitle(r, idx) }, ...cells] : cells;
          return (
            <div
              role="listitem"
              key={keyOf(r, idx, table.rowKey)}
              {...(attrs as HTMLAttributes<HTMLDivElement>)}
              className={['rt-card', cls].filter(Boolean).join(' ')}
            >
              {sel && (
                <Checkbox
                  {...((sel.getCheckboxProps?.(r) ?? {}) as object)}
                  className="rt-card-select"
                  style={{ minHeight: 44, minWidth: 44, display: 'inline-flex', alignItems: 'center' }}
                  checked={selectedKeys.includes(keyOf(r, idx, table.rowKey))}
                  onChange={(e) => toggle(keyOf(r, idx, table.rowKey), e.target.checked)}
                  data-select-row="true"
                />
              )}
              {head && <div className="rt-card-title">{head.node}</div>}
              <dl className="rt-fields">
                {rest.map((c) => (
                  <div key={c.key} className="rt-field">
                    <dt>{c.title}</dt>
                    <dd>{c.node === undefined || c.node === null || c.node === '' ? '–' : c.node}</dd>
                  </div>
                ))}
              </dl>
            </div>
          );
        })}
      </div>
      {pg && (serverPaged ? pg.total! : rows.length) > pageSize && (
        <Pagination
          simple
          style={{ marginTop: 12, textAlign: 'center' }}
          current={current}
          pageSize={pageSize}
          total={serverPaged ? pg.total : rows.length}
          onChange={(p, s) => {
            setOwnPage(p);
            // the page's own handler; the table's onChange only without one (cards have no sorter to report)
            if (pg.onChange) pg.onChange(p, s);
            else table.onChange?.({ current: p, pageSize: s }, {}, {}, { action: 'paginate', currentDataSource: rows });
          }}
        />
      )}
      {table.footer && <div className="rt-footer">{table.footer(shown)}</div>}
    </Spin>
  );
}

/**
 * antd Tabs on a PC; on a phone, where a long tab bar would overflow into antd's "more" menu (whose button inside
 * the tablist breaks the ARIA tablist), a full-width select of the same tabs takes the bar's place.
 */
export function ResponsiveTabs(props: TabsProps & { label: string }) {
  const isPhone = usePhone();
  const { label, ...tabs } = props;
  const [own, setOwn] = useState(tabs.defaultActiveKey ?? tabs.items?.[0]?.key);
  if (!isPhone) return <Tabs {...tabs} />;
  const active = tabs.activeKey ?? own;
  return (
    <Tabs
      {...tabs}
      activeKey={active}
      renderTabBar={() => (
        <Select
          aria-label={label}
          data-tab-select="true"
          value={active}
          style={{ width: '100%', marginBottom: 12 }}
          options={(tabs.items ?? []).map((i) => ({ value: i.key, label: i.label }))}
          onChange={(k: string) => {
            setOwn(k);
            tabs.onChange?.(k);
          }}
        />
      )}
    />
  );
}
