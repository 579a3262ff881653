// 暂定日历: shown beside a date whose year has no State Council notice yet (a provisional year), with a tooltip
// that says what that means. Focusable, so keyboard users reach the explanation too.
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

export function ProvisionalTag({ show }: { show: boolean | undefined }) {
  const { t } = useTranslation();
  if (!show) return null;
  return (
    <Tooltip title={t('monthEnd.provisional.tip')}>
      <Tag
        tabIndex={0}
        data-provisional="true"
        style={{ color: '#391085', background: '#f9f0ff', borderColor: '#d3adf7', cursor: 'help' }}
      >
        {t('monthEnd.provisional.tag')}
      </Tag>
    </Tooltip>
  );
}

/** A table's "nothing here" text dark enough for WCAG AA (antd greys it out below the contrast minimum). */
export const EmptyText = ({ children }: { children: string }) => (
  <span style={{ color: 'rgba(0, 0, 0, 0.65)' }}>{children}</span>
);
