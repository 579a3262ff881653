// Stands in for the key-account manager's, director's and GM's home (./dealer-home, written in another branch)
// until it is merged: home-page.tsx then imports './dealer-home' instead.
import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';

export default function DealerHomePlaceholder() {
  const { t } = useTranslation();
  return (
    <div data-home-ready="dealer">
      <Result
        status="info"
        title={t('home.dealerTitle')}
        subTitle={t('home.dealerSoon')}
        extra={
          <Link to="/inbox">
            <Button type="primary" style={{ minHeight: 44 }}>
              {t('nav.inbox')}
            </Button>
          </Link>
        }
      />
    </div>
  );
}
