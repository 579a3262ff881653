// Hand-written row sources for the form definitions' unit tests (the API implements FormSources over
// the database; here the figures are small enough to check by hand).
import type { CallbackSource, FormSources } from '@kaflow/forms';

const counts = (o: number, h: number, a: number, b: number, c: number, d: number) => ({
  O: o,
  H: h,
  A: a,
  B: b,
  C: c,
  D: d,
});

export function fakeSources(callbacks: CallbackSource[] = defaultCallbacks()): FormSources {
  return {
    async plan(kind) {
      if (kind === 'annual') {
        return {
          version: 1,
          status: 'approved',
          input: {},
          result: {
            months: [
              {
                month: '2026-01',
                orders: 10,
                aak: 8,
                submissions: 7,
                backlog: 12,
                pendingSubmissions: 3,
                orderDepth: 1.5,
              },
              {
                month: '2026-02',
                orders: 6,
                aak: 5,
                submissions: 6,
                backlog: 13,
                pendingSubmissions: 2,
                orderDepth: 2.6,
              },
            ],
            totals: { orders: 16, aak: 13, submissions: 13 },
          },
          // submitted by the manager; reviewed by the GM standing in for the director (代理); signed by the GM
          signOffs: [
            { step: 'drafted', by: '王经理', onBehalfOf: null, at: new Date('2026-10-20T02:00:00Z') },
            { step: 'reviewed', by: '陈总', onBehalfOf: '刘总监', at: new Date('2026-10-21T06:30:00Z') },
            { step: 'signed', by: '陈总', onBehalfOf: null, at: '2026-10-21T07:05:00.000Z' },
          ],
        };
      }
      if (kind === 'rolling') {
        return {
          version: 2,
          status: 'approved',
          input: {},
          result: {
            closed: [{ month: '2026-10', orders: 9, aak: 7, submissions: 6 }],
            months: [
              {
                month: '2026-11',
                orders: 11,
                aak: 9,
                submissions: 8,
                backlog: 14,
                pendingSubmissions: 4,
                orderDepth: null,
              },
            ],
          },
        };
      }
      if (kind === 'decomposition') {
        return {
          version: 1,
          status: 'approved',
          input: {},
          result: {
            byModel: [{ model: 'A6L', orders: 7, aak: 5, submissions: 4 }],
            byCustomerType: [{ customerType: 'government', orders: 7, aak: 5, submissions: 4 }],
            byChannel: [
              { channel: 'new', orders: 4, aak: 3, submissions: 2 },
              { channel: 'repeat', orders: 3, aak: 2, submissions: 2 },
            ],
            byConsultant: [
              { consultantId: 'u1', name: '王顾问', weight: 1, orders: 7, aak: 5, submissions: 4, byModel: [] },
            ],
          },
          personalTargets: [
            {
              consultant: '王顾问',
              targets: { orders: 7, aak: 5, submissions: 4, byModel: [{ model: 'A6L', orders: 7 }] },
              status: 'confirmed',
              comment: null,
              decidedAt: new Date('2026-10-27T16:30:00Z'),
            },
            {
              consultant: '李顾问',
              targets: { orders: 0, aak: 0, submissions: 0 },
              status: 'pending',
              comment: null,
              decidedAt: null,
            },
          ],
        };
      }
      return {
        version: 1,
        status: 'approved',
        input: {
          models: [
            {
              model: 'A6L',
              orderTarget: 7,
              leadCloseRate: 0.25,
              haCloseRate: 0.5,
              haOnHand: 6,
              bcOnHand: 20,
              bcConversionRate: 0.1,
            },
          ],
        },
        result: { models: [{ model: 'A6L', leadTarget: 28, newHaTarget: 8, bcToHaTarget: 2 }] },
      };
    },
    async baseInventory() {
      return [
        {
          model: 'A6L',
          start: counts(1, 2, 3, 4, 5, 6),
          end: counts(2, 2, 2, 5, 5, 6),
          created: 3,
          upgrades: 2,
          downgrades: 1,
          lost: 1,
          ordered: 1,
          delivered: 0,
        },
      ];
    },
    async weeklyProgress(week) {
      return {
        week,
        status: 'done',
        lines: [
          {
            key: 'total:orders',
            label: '订单 Orders',
            target: 20,
            actual: 3,
            proRated: 5.45,
            achievement: 0.5505,
            gap: true,
            shortfall: 2,
          },
        ],
      };
    },
    async weeksOfMonth() {
      return ['2026-W45', '2026-W46'];
    },
    async visits() {
      return {
        plans: [
          {
            id: 'p1',
            consultantId: 'u1',
            plannedDate: '2026-11-05',
            accountName: '成都市交通运输局',
            purpose: '需求调研',
          },
        ],
        visits: [
          {
            id: 'v1',
            planId: 'p1',
            consultantId: 'u1',
            accountName: '成都市交通运输局',
            visitedOn: '2026-11-05',
            leadsMet: 3,
            recordedLeads: 2,
            summary: '见到刘科长',
          },
          {
            id: 'v2',
            planId: null,
            consultantId: 'u1',
            accountName: '=HYPERLINK("http://x")',
            visitedOn: '2026-11-06',
            leadsMet: 1,
            recordedLeads: 0,
            summary: '+86 陌拜',
          },
        ],
        consultants: { u1: '王顾问' },
      };
    },
    async events() {
      return {
        items: [
          {
            id: 'e1',
            kind: 'outreach',
            name: '车展',
            ownerId: 'u1',
            plannedDate: '2026-11-08',
            heldOn: '2026-11-08',
            leads: [
              { name: '张三', phone: '13800000000', company: '-公司', prospectId: 'x' },
              { name: '@李四', phone: null, company: null, prospectId: null },
            ],
          },
        ],
        owners: { u1: '王顾问' },
      };
    },
    async policy() {
      return {
        followUpCadence: { H: 'P3D', A: 'P7D', B: 'P14D', C: 'P30D', D: 'P60D', O: 'P7D' },
        hotFollowUpsPerMonth: 4,
      };
    },
    async gradeEntries() {
      return [
        { grade: 'H', start: 2, entered: 1, end: 2 },
        { grade: 'A', start: 3, entered: 2, end: 2 },
        { grade: 'B', start: 4, entered: 0, end: 5 },
        { grade: 'F', start: 0, entered: 1, end: 1 },
      ];
    },
    async *callbacks() {
      yield* callbacks;
    },
    async hotCustomers() {
      return [
        {
          consultant: '王顾问',
          account: '四川航空',
          contact: '赵经理',
          phone: '13900000000',
          model: 'Q7',
          quantity: 2,
          grade: 'H',
          followUps: 2,
          target: 4,
          reached: false,
          followUpDates: ['2026-11-02T02:00:00Z', '2026-11-09T17:00:00Z'],
          nextFollowUpDue: '2026-11-12T15:59:59Z',
        },
      ];
    },
    async lostAnalysis() {
      return [
        {
          lostAt: new Date('2026-11-10T03:00:00Z'),
          consultant: '王顾问',
          account: '某租赁',
          contact: '钱总',
          model: 'A4L',
          quantity: 5,
          fromGrade: 'A',
          overdueAtLoss: true,
          reasonCategory: 'price',
          competitor: { brand: 'BMW', model: '3系' },
          lessons: '报价太慢',
          trainingRequest: '商务谈判',
          status: 'done',
          analysedAt: new Date('2026-11-11T01:00:00Z'),
        },
      ];
    },
  };
}

export function defaultCallbacks(): CallbackSource[] {
  return [
    {
      account: '成都市交通运输局',
      contact: '刘科长',
      phone: '13880001234',
      model: 'A6L',
      grade: 'A',
      consultant: '王顾问',
      recordedAt: new Date('2026-11-02T01:00:00Z'),
      dueAt: new Date('2026-11-09T01:00:00Z'),
      doneAt: new Date('2026-11-03T06:15:00Z'),
      onTime: true,
      outcome: 'incorrect',
      corrections: [{ field: 'contactPhone', value: '13880004321' }],
      rectificationStatus: 'done',
      rectificationDueAt: new Date('2026-11-06T09:00:00Z'),
      verificationOutcome: 'verified',
      status: 'closed',
      calledBy: { by: '黄客服', onBehalfOf: null },
      // the consultant's substitute marked it fixed; the CS manager made the second call for the agent
      fixedBy: { by: '李顾问', onBehalfOf: '王顾问' },
      verifiedBy: { by: '赵经理', onBehalfOf: '黄客服' },
    },
  ];
}
