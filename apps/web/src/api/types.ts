// Shapes of the HTTP contract (the API's OpenAPI document at /api/docs) as the pages read them.
export type Role =
  | 'consultant'
  | 'ka_manager'
  | 'sales_director'
  | 'gm'
  | 'marketing_director'
  | 'cs_manager'
  | 'cs_agent'
  | 'training_manager'
  | 'admin'
  | 'region_manager';

export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  dealerId: string;
  /** Region-tier users (区域经理) have a region and no dealer. */
  regionId?: string;
  timezone?: string;
}

export type TaskKind =
  | 'callback'
  | 'rectification'
  | 'daily_check'
  | 'plan_draft'
  | 'plan_review'
  | 'plan_signoff'
  | 'target_confirmation'
  | 'visit_plan'
  | 'weekly_review'
  | 'lost_analysis'
  | 'overdue_followup'
  | 'training_request';

export const TASK_KINDS: TaskKind[] = [
  'callback',
  'rectification',
  'daily_check',
  'plan_draft',
  'plan_review',
  'plan_signoff',
  'target_confirmation',
  'visit_plan',
  'weekly_review',
  'lost_analysis',
  'overdue_followup',
  'training_request',
];

export interface Task {
  id: string;
  kind: TaskKind;
  title: string;
  status: 'open' | 'done' | 'cancelled';
  assigneeUserId?: string | null;
  assigneeRole?: string | null;
  dueAt: string;
  escalationLevel: number;
  subject: { type: string; id: string };
  payload: Record<string, any>;
  decision?: string | null;
  comment?: string | null;
  data?: Record<string, any> | null;
  decidedBy?: string | null;
  decidedAt?: string | null;
  workflowId: string;
  createdAt: string;
  /** The year of the due time has no State Council notice yet (暂定日历): the date may move. */
  provisional?: boolean;
  official?: boolean;
}

export interface TaskPage {
  items: Task[];
  total: number;
  page?: number;
  pageSize?: number;
}

export interface TaskEvent {
  at: string;
  action: 'created' | 'reminded' | 'escalated' | 'decided' | string;
  by?: { id: string; displayName: string } | null;
  detail?: Record<string, any>;
}

export interface Prospect {
  id: string;
  account: { id: string; name: string; customerType: string };
  contact: { id: string; name: string; phone: string };
  model: string;
  quantity: number;
  grade: string;
  hot: boolean;
  channel: string;
  developmentType: string;
  ownerId: string;
  note: string | null;
  nextFollowUpDue: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  gradeHistory?: { from: string | null; to: string; at: string; by: string; reason: string }[];
  followUps?: {
    id?: string;
    channel: string;
    content: string;
    nextStep?: string | null;
    at?: string;
    createdAt?: string;
  }[];
}

export interface Plan {
  id: string;
  kind: 'annual' | 'rolling' | 'decomposition' | 'lead';
  period: string;
  version: number;
  revision: number;
  status: string;
  editable: boolean;
  input: Record<string, any>;
  result: Record<string, any>;
  coverage: Record<string, any> | null;
  coverageOk: boolean | null;
  support?: Record<string, any> | null;
  capacity?: Record<string, any> | null;
  provisional?: boolean;
  official?: boolean;
  overrideNote: string | null;
  reason: string | null;
  versions: { version: number; status: string; reason: string | null; createdAt: string; approvedAt: string | null }[];
  personalTargets?: {
    consultantId: string;
    consultant: string | null;
    targets: Record<string, number>;
    status: string;
    comment: string | null;
  }[];
}

export interface Person {
  id: string;
  displayName: string;
  roles: Role[];
}
