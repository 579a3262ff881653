// TanStack Query hooks over the HTTP API: one per read, mutations invalidate what they change.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, patch, post, put, query, retryWrite } from './client';
import type {
  ConsultantHome,
  DecidedTask,
  People,
  Plan,
  PlanDryRun,
  Prospect,
  ProspectPage,
  Substitute,
  Substitutes,
  ServiceHome,
  Task,
  TaskHistory,
  TaskPage,
  User,
} from './types';

export const INBOX_POLL_MS = 10_000;

export interface TaskFilter {
  status: 'open' | 'done' | 'all';
  kind?: string;
  process?: string;
  overdue?: boolean;
  dueToday?: boolean;
  q?: string;
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
  /** the dealer's tasks (key-account manager, admin) */
  scope?: 'dealer';
}

export const useMe = (enabled: boolean) =>
  useQuery({ queryKey: ['me'], queryFn: () => get<User>('/me'), enabled, staleTime: 60_000 });

export const useTasks = (f: TaskFilter) =>
  useQuery({
    queryKey: ['tasks', f],
    queryFn: () =>
      get<TaskPage>(
        `/tasks${query({
          status: f.status,
          kind: f.kind,
          process: f.process,
          overdue: f.overdue ? 'true' : undefined,
          dueToday: f.dueToday ? 'true' : undefined,
          q: f.q,
          order: f.order === 'desc' ? 'desc' : undefined,
          page: f.page,
          pageSize: f.pageSize,
          scope: f.scope,
        })}`,
      ),
    refetchInterval: INBOX_POLL_MS,
    placeholderData: keepPreviousData,
  });

/** The open count shown in the navigation (not asked for a region-tier user, who has no tasks). */
export const useOpenCount = (enabled = true) =>
  useQuery({
    enabled,
    queryKey: ['tasks', 'count'],
    queryFn: () => get<TaskPage>('/tasks?status=open&pageSize=1'),
    refetchInterval: INBOX_POLL_MS,
    select: (p) => p.total ?? p.items.length,
  });

export const useTask = (id: string) => useQuery({ queryKey: ['task', id], queryFn: () => get<Task>(`/tasks/${id}`) });

export const useTaskHistory = (id: string) =>
  useQuery({ queryKey: ['task', id, 'history'], queryFn: () => get<TaskHistory>(`/tasks/${id}/history`) });

export function useCompleteTask(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { decision: string; comment?: string; data?: Record<string, unknown> }) =>
      post<DecidedTask>(`/tasks/${id}/complete`, body),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ['task', id] });
      void qc.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
}

/** Substitutions not yet over: mine (away or standing in); the admin's: the dealer's. */
export const useSubstitutes = () =>
  useQuery({ queryKey: ['substitutes'], queryFn: () => get<Substitutes>('/substitutes') });

export function useSetSubstitute() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      userId?: string;
      substituteUserId: string;
      fromDate: string;
      toDate: string;
      reason?: string;
    }) => post<Substitute>('/substitutes', body),
    retry: retryWrite,
    onSettled: () => void qc.invalidateQueries({ queryKey: ['substitutes'] }),
  });
}

export function useEndSubstitute() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => post<Substitute>(`/substitutes/${id}/end`),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ['substitutes'] });
      void qc.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
}

/** Moves open tasks to another person who may decide them (转办), with a reason; all or none. */
export function useReassignTasks() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { taskIds: string[]; toUserId: string; reason: string }) =>
      post<TaskPage>('/tasks/reassign', body),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ['tasks'] });
      void qc.invalidateQueries({ queryKey: ['task'] });
    },
  });
}

export const usePeople = () =>
  useQuery({
    queryKey: ['people'],
    queryFn: () => get<People>('/users'),
    staleTime: 300_000,
    retry: false,
  });

export interface ProspectFilter {
  grade?: string;
  ownerId?: string;
  hot?: boolean;
  overdue?: boolean;
  page?: number;
  pageSize?: number;
}

export const useProspects = (f: ProspectFilter) =>
  useQuery({
    queryKey: ['prospects', f],
    queryFn: () =>
      get<ProspectPage>(
        `/prospects${query({
          grade: f.grade,
          ownerId: f.ownerId,
          hot: f.hot === undefined ? undefined : String(f.hot),
          overdue: f.overdue ? 'true' : undefined,
          page: f.page,
          pageSize: f.pageSize,
        })}`,
      ),
    placeholderData: keepPreviousData,
  });

export const useProspect = (id: string | undefined) =>
  useQuery({ queryKey: ['prospect', id], queryFn: () => get<Prospect>(`/prospects/${id}`), enabled: !!id });

export function useProspectMutations(id?: string) {
  const qc = useQueryClient();
  const done = () => {
    void qc.invalidateQueries({ queryKey: ['prospects'] });
    if (id) void qc.invalidateQueries({ queryKey: ['prospect', id] });
  };
  return {
    create: useMutation({
      mutationFn: (b: unknown) => post<Prospect>('/prospects', b),
      onSuccess: done,
      retry: retryWrite,
    }),
    update: useMutation({
      mutationFn: (b: unknown) => patch<Prospect>(`/prospects/${id}`, b),
      onSuccess: done,
      retry: retryWrite,
    }),
    followUp: useMutation({
      mutationFn: (b: unknown) => post(`/prospects/${id}/follow-ups`, b),
      onSuccess: done,
      retry: retryWrite,
    }),
  };
}

export const usePlan = (kind: string, period: string, version?: number) =>
  useQuery({
    queryKey: ['plan', kind, period, version ?? 'newest'],
    queryFn: () => get<Plan>(`/plans/${kind}/${period}${query({ version })}`),
    enabled: !!period,
    retry: false,
  });

export function useEditPlan(kind: string, period: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: { revision: number; input: Record<string, unknown> }) => put<Plan>(`/plans/${kind}/${period}`, b),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['plan', kind, period] }),
  });
}

/** A plan edit tried without saving (`?dryRun=true`): the recomputed plan with its checks. */
export const useDryRunPlan = (kind: string, period: string) =>
  useMutation({
    mutationFn: (b: { revision: number; input: Record<string, unknown> }) =>
      put<PlanDryRun>(`/plans/${kind}/${period}?dryRun=true`, b),
  });

/** Any read for the report and admin pages, by API path. */
export const useRead = <T>(
  path: string | null,
  opts: { retry?: boolean; poll?: (data: T | undefined) => number | false } = {},
) =>
  useQuery({
    queryKey: ['read', path],
    queryFn: () => get<T>(path!),
    enabled: !!path,
    retry: opts.retry ?? false,
    refetchInterval: opts.poll ? (q) => opts.poll!(q.state.data) : undefined,
  });

export function usePut<T>(path: string, invalidate: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: unknown) => put<T>(path, b),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['read', invalidate] }),
  });
}

/** A home answers in one request; it refreshes with the inbox's rhythm, and after a follow-up recorded from it. */
export const useConsultantHome = (consultantId?: string) =>
  useQuery({
    queryKey: ['home', 'consultant', consultantId ?? 'me'],
    queryFn: () => get<ConsultantHome>(`/home/consultant${query({ consultantId })}`),
    refetchInterval: INBOX_POLL_MS,
  });

export const useServiceHome = () =>
  useQuery({
    queryKey: ['home', 'service'],
    queryFn: () => get<ServiceHome>('/home/service'),
    refetchInterval: INBOX_POLL_MS,
  });
