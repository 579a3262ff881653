import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLang, type Lang } from '../i18n';

/** 中文 / English; each option carries data-lang for tests. */
export function LangSwitch() {
  const { i18n, t } = useTranslation();
  return (
    <Segmented<Lang>
      size="small"
      aria-label={t('app.language')}
      value={i18n.language === 'en' ? 'en' : 'zh-CN'}
      onChange={(v) => setLang(v)}
      options={[
        { value: 'zh-CN', label: <span data-lang="zh-CN">中文</span> },
        { value: 'en', label: <span data-lang="en">English</span> },
      ]}
    />
  );
}
