// The manual's vocabularies (manual §1, docs/user-guide.md "Words you will see"). Pure data, no I/O.

export const ROLES = [
  'consultant',
  'ka_manager',
  'sales_director',
  'gm',
  'marketing_director',
  'cs_manager',
  'cs_agent',
  'training_manager',
  'admin',
  // system-level (not a dealer's): loads the State Council holiday notice for every dealer
  'sysadmin',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles above the dealers: a region role reads every dealer of its region and writes nothing in them. */
export const REGION_ROLES = ['region_manager'] as const;
export type RegionRole = (typeof REGION_ROLES)[number];
export const REGION_ROLE_LABELS_ZH: Record<RegionRole, string> = { region_manager: '区域经理' };

export const ROLE_LABELS_ZH: Record<Role, string> = {
  consultant: '大用户顾问',
  ka_manager: '大用户经理',
  sales_director: '销售总监',
  gm: '总经理',
  marketing_director: '市场总监',
  cs_manager: '客服经理',
  cs_agent: '客服专员',
  training_manager: '培训经理',
  admin: '系统管理员',
  sysadmin: '平台管理员',
};

/**
 * O signed-not-delivered, H <1 month, A 1-3 months, B >3 months, C within a year, W walk-in unrecorded, D postponed,
 * F lost.
 */
export const GRADES = ['O', 'H', 'A', 'B', 'C', 'W', 'D', 'F'] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_LABELS_ZH: Record<Grade, string> = {
  O: '已签订未交车',
  H: '1月内',
  A: '1-3月内',
  B: '3月以上',
  C: '1年内',
  W: '到店未留档',
  D: '推迟购车客户',
  F: '战败客户',
};

/** Warmth order used to tell an upgrade from a downgrade (O warmest). W and F sit outside the ladder. */
export const GRADE_RANK: Partial<Record<Grade, number>> = { O: 6, H: 5, A: 4, B: 3, C: 2, D: 1 };

export const CUSTOMER_TYPES = [
  'general',
  'government',
  'hotel_airline',
  'enterprise',
  'leasing',
  'historical',
  'employee',
] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];

export const CHANNELS = [
  'business_event',
  'showroom',
  'circle_club',
  'cold_visit',
  'repeat_purchase',
  'referral',
  'trade_in',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const DEVELOPMENT_TYPES = ['new', 'repeat'] as const;
export type DevelopmentType = (typeof DEVELOPMENT_TYPES)[number];

export const FOLLOW_UP_CHANNELS = ['phone', 'visit', 'showroom', 'wechat', 'email', 'event'] as const;
export type FollowUpChannel = (typeof FOLLOW_UP_CHANNELS)[number];

export const EVENT_KINDS = ['outreach', 'showroom'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
