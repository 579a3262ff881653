import { Tag } from 'antd';
import type { ReactNode } from 'react';

/** An amber tag dark enough for WCAG AA contrast (antd's orange preset is not). */
export const WarnTag = ({ children }: { children: ReactNode }) => (
  <Tag style={{ color: '#873800', background: '#fff2e8', borderColor: '#ffbb96' }}>{children}</Tag>
);
