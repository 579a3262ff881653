// A query's three states on a page: a spinner while it loads, its failure in the reader's words, or
// what `children` makes of its answer.
import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { failureText } from './problems';

export function Loaded<T>({ q, children }: { q: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  const { t } = useTranslation();
  if (q.isPending) return <Spin />;
  if (q.isError) return <Alert type="error" title={failureText(q.error, t)} />;
  return <>{children(q.data)}</>;
}
