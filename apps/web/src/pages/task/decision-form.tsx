// The decision part of a task page: the kind's data fields and one button per decision code
// (data-decision). Sends POST /tasks/:id/complete; a 400 lands beside the field `details` names,
// a 409 says who decided and refreshes the page.
import { useState, type ReactNode } from 'react';
import { Alert, App, Button, Form, Input, Space } from 'antd';
import type { FormInstance } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError, get, type FieldProblem } from '../../api/client';
import { useCompleteTask } from '../../api/hooks';
import { TASK_DECISIONS, type TaskDecision, type TaskKind } from '@kaflow/domain/src/tasks';
import type { Task, TaskHistory } from '../../api/types';
import { dateTime } from '../../lib/format';
import { failureText, problemText, showProblems } from '../../lib/problems';
import { usePhone } from '../../lib/responsive';

export interface KindForm {
  /** The kind's own fields (named as in the request body: data.…). */
  fields?: (task: Task, form: FormInstance) => ReactNode;
  initial?: (task: Task) => Record<string, unknown>;
  /** Turns the form's values into `data` for a decision (undefined: no data). */
  data?: (decision: string, values: Record<string, any>, task: Task) => Record<string, unknown> | undefined;
  /** Decisions that show the comment box as required; all kinds have a comment box. */
  danger?: string[];
}

/** A button per decision the kind takes; a calendar_load task is done by loading the notice (admin), not here. */
export const DECISION_BUTTONS: Record<TaskKind, readonly TaskDecision[]> = { ...TASK_DECISIONS, calendar_load: [] };

export function DecisionForm(props: { task: Task; kind: KindForm; onConflict: (msg: string) => void }) {
  const { task, kind } = props;
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const complete = useCompleteTask(task.id);
  const [left, setLeft] = useState<FieldProblem[]>([]);
  const [notice, setNotice] = useState<string>();
  const phone = usePhone();

  const decide = async (decision: string) => {
    setLeft([]);
    setNotice(undefined);
    form.setFields(Object.keys(form.getFieldsValue(true)).map((n) => ({ name: n, errors: [] })));
    const values = form.getFieldsValue(true) as Record<string, any>;
    const comment = typeof values.comment === 'string' && values.comment.trim() ? values.comment.trim() : undefined;
    const data = kind.data?.(decision, values, task);
    try {
      await complete.mutateAsync({ decision, ...(comment ? { comment } : {}), ...(data ? { data } : {}) });
      message.success(t('task.done'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) setLeft(showProblems(form, e, t, i18n.language));
      else if (e instanceof ApiError && e.status === 409) props.onConflict(await whoDecided(task.id, t));
      else setNotice(failureText(e, t));
      void qc.invalidateQueries({ queryKey: ['task', task.id] });
    }
  };
  const buttons = DECISION_BUTTONS[task.kind];
  if (buttons.length === 0) return <div data-form="decision">{kind.fields?.(task, form)}</div>;
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ comment: '', ...(kind.initial?.(task) ?? {}) }}
      data-form="decision"
    >
      {kind.fields?.(task, form)}
      <Form.Item name="comment" label={t('task.comment')}>
        <Input.TextArea rows={2} maxLength={4000} />
      </Form.Item>
      {left.length > 0 && (
        <Alert
          type="error"
          role="alert"
          style={{ marginBottom: 12 }}
          message={left.map((p) => problemText(p, t, i18n.language)).join('；')}
        />
      )}
      {notice && (
        <Alert type="warning" role="alert" style={{ marginBottom: 12 }} message={notice} data-conflict="true" />
      )}
      <Space wrap orientation={phone ? 'vertical' : 'horizontal'} style={phone ? { width: '100%' } : undefined}>
        {buttons.map((d, i) => (
          <Button
            key={d}
            block={phone}
            data-decision={d}
            type={i === 0 ? 'primary' : 'default'}
            danger={kind.danger?.includes(d)}
            loading={complete.isPending && complete.variables?.decision === d}
            disabled={complete.isPending}
            onClick={() => void decide(d)}
          >
            {t(`decision.${d}`)}
          </Button>
        ))}
      </Space>
    </Form>
  );
}

async function whoDecided(id: string, t: TFunction): Promise<string> {
  try {
    const [task, history] = await Promise.all([get<Task>(`/tasks/${id}`), get<TaskHistory>(`/tasks/${id}/history`)]);
    const decided = history.items.find((e) => e.action === 'decided');
    if (task.decision) {
      return t('task.alreadyDecided', {
        name: decided?.by?.displayName ?? t('task.system'),
        decision: t(`decision.${task.decision}`),
        at: dateTime(task.decidedAt),
      });
    }
  } catch {
    /* fall through */
  }
  return t('task.conflict');
}
