// The manual's vocabularies for the prospect forms (the API checks them too).
export const GRADES = ['O', 'H', 'A', 'B', 'C', 'W', 'D', 'F'];
export const CUSTOMER_TYPES = [
  'general',
  'government',
  'hotel_airline',
  'enterprise',
  'leasing',
  'historical',
  'employee',
];
export const CHANNELS = [
  'business_event',
  'showroom',
  'circle_club',
  'cold_visit',
  'repeat_purchase',
  'referral',
  'trade_in',
];
export const DEVELOPMENT_TYPES = ['new', 'repeat'];
export const FOLLOW_UP_CHANNELS = ['phone', 'visit', 'showroom', 'wechat', 'email', 'event'];

export const VOCAB_ZH: Record<string, string> = {
  general: '一般客户',
  government: '政府机关',
  hotel_airline: '酒店航空',
  enterprise: '企业',
  leasing: '租赁公司',
  historical: '历史客户',
  employee: '员工购车',
  business_event: '商务活动',
  showroom: '展厅',
  circle_club: '圈层俱乐部',
  cold_visit: '陌生拜访',
  repeat_purchase: '再购',
  referral: '转介绍',
  trade_in: '置换',
  new: '新开发',
  repeat: '再购开发',
  phone: '电话',
  visit: '拜访',
  wechat: '微信',
  email: '邮件',
  event: '活动',
};
export const VOCAB_EN: Record<string, string> = {
  general: 'General',
  government: 'Government',
  hotel_airline: 'Hotel / airline',
  enterprise: 'Enterprise',
  leasing: 'Leasing',
  historical: 'Historical',
  employee: 'Employee',
  business_event: 'Business event',
  showroom: 'Showroom',
  circle_club: 'Circle / club',
  cold_visit: 'Cold visit',
  repeat_purchase: 'Repeat purchase',
  referral: 'Referral',
  trade_in: 'Trade-in',
  new: 'New',
  repeat: 'Repeat',
  phone: 'Phone',
  visit: 'Visit',
  wechat: 'WeChat',
  email: 'E-mail',
  event: 'Event',
};
export const vocab = (lang: string, v: string) => (lang === 'en' ? VOCAB_EN : VOCAB_ZH)[v] ?? v;
export const options = (lang: string, list: string[]) => list.map((v) => ({ value: v, label: vocab(lang, v) }));
