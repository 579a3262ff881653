// calendar_load (载入下一年节假日安排): no button; the task is done once next year's notice is loaded.
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { KindForm } from './decision-form';

function CalendarLoadNote() {
  const { t } = useTranslation();
  return <Alert type="info" showIcon message={t('task.calendarLoad')} style={{ marginBottom: 12 }} />;
}

export const calendarLoadForm: KindForm = { fields: () => <CalendarLoadNote /> };
