// The check-in (走访签到) button: asks the phone for its position (lib/geolocation), then records the check-in on
// a planned visit (`planId`) or on an unplanned one for a prospect (`prospectId`, it joins today's plan). A refused
// or slow position still checks in, marked "no position". Full width, 44 px: made for the phone, and reusable (the
// consultant's home page can show it beside today's visits).
import { useState } from 'react';
import { App, Button } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../../api/client';
import { currentPosition } from '../../lib/geolocation';
import { failureText } from '../../lib/problems';

export interface CheckInAnswer {
  id: string;
  planId: string;
  checkedInAt: string;
  localDate: string;
  position: { lat: number; lng: number; accuracy: number } | null;
}

export function CheckInButton(props: {
  planId?: string;
  prospectId?: string;
  onDone?: (answer: CheckInAnswer) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const checkIn = async () => {
    setBusy(true);
    try {
      const position = await currentPosition();
      const body = { ...(position ?? {}), ...(props.planId ? {} : { prospectId: props.prospectId }) };
      const path = props.planId ? `/visits/${props.planId}/check-in` : '/visits/check-in';
      const answer = await post<CheckInAnswer>(path, body);
      message.success(answer.position ? t('checkIn.done') : t('checkIn.doneNoPosition'));
      void qc.invalidateQueries({ queryKey: ['read'] });
      setDone(true); // a check-in is taken once: the button stays spent
      props.onDone?.(answer);
    } catch (e) {
      message.error(e instanceof ApiError && e.status === 409 ? t('checkIn.already') : failureText(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      type="primary"
      block
      loading={busy}
      disabled={done}
      onClick={() => void checkIn()}
      style={{ minHeight: 44 }}
      data-check-in={props.planId ?? props.prospectId}
    >
      {done ? t('checkIn.checkedIn') : t('checkIn.button')}
    </Button>
  );
}
