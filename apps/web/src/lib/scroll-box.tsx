import type { ReactNode } from 'react';

/**
 * A wide table's horizontal scroll container that a keyboard can reach (axe: scrollable-region-focusable):
 * focusable, named, and scrolling itself instead of antd's inner scroll body.
 */
export const ScrollBox = ({ label, children }: { label: string; children: ReactNode }) => (
  <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto', maxWidth: '100%' }}>
    {children}
  </div>
);
