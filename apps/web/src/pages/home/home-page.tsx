// 首页 (the route `/`, the first page after login): each role's home. A consultant gets 今日工作, customer
// service its desk, the key-account manager, director and GM the dealer's month; a region manager stays on the
// region page (the layout sends them there); anyone else starts from the inbox.
import { lazy } from 'react';
import { Navigate, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../api/auth';

const ConsultantHome = lazy(() => import('./consultant-home'));
const ServiceHome = lazy(() => import('./service-home'));
const DealerHome = lazy(() => import('./dealer-home'));

export default function HomePage() {
  const { user, has } = useAuth();
  const [params] = useSearchParams();
  if (!user) return null;
  if (user.regionId) return <Navigate to="/region" replace />;
  // a manager, director or GM may open one consultant's home (?consultantId=), as the team figures link it
  const consultantId = params.get('consultantId');
  if (consultantId && has('ka_manager', 'sales_director', 'gm')) return <ConsultantHome consultantId={consultantId} />;
  if (has('ka_manager', 'sales_director', 'gm')) return <DealerHome />;
  if (has('consultant')) return <ConsultantHome />;
  if (has('cs_manager', 'cs_agent')) return <ServiceHome />;
  return <Navigate to="/inbox" replace />;
}
