// Fixed demo content (README.md, demo logins): one region, two Audi dealers in the West region, the people
// of every role, their key accounts (大用户单位) and the phrases used to write believable history.
import type { CustomerType, Grade, Role } from '@kaflow/domain';

export const DEMO_PASSWORD = 'kaflow-demo';

export const REGION = { code: 'west', name: '西部区' } as const;

export type AccountSeed = { name: string; type: CustomerType; address: string };

export interface DealerSeed {
  code: string;
  name: string;
  /** '' for the first dealer, '2' for the second: usernames are `<role><suffix>`. */
  suffix: string;
  /** PRNG seed for this dealer's generated data. */
  seed: number;
  /** consultant_c joined recently: a thin pipeline of prospects handed over to them (the P6 capability check). */
  people: Record<Exclude<Role, 'sysadmin'> | 'consultant_b' | 'consultant_c', string>;
  accounts: AccountSeed[];
  /** Companies met at events that are not (yet) accounts. */
  otherCompanies: string[];
  events: { outreach: { name: string; location: string }; showroom: { name: string; location: string } };
}

export const DEALERS: [DealerSeed, DealerSeed] = [
  {
    code: 'cd-rongcheng',
    name: '成都蓉城奥迪',
    suffix: '',
    seed: 0x5eed0001,
    people: {
      consultant: '张伟',
      consultant_b: '李娜',
      consultant_c: '郑浩',
      ka_manager: '王强',
      sales_director: '刘洋',
      gm: '陈建国',
      marketing_director: '杨静',
      cs_manager: '赵敏',
      cs_agent: '黄丽',
      training_manager: '周杰',
      admin: '吴磊',
    },
    accounts: [
      { name: '四川省机关事务管理局', type: 'government', address: '成都市青羊区东城根上街95号' },
      { name: '成都市龙泉驿区人民政府', type: 'government', address: '成都市龙泉驿区龙都南路1号' },
      { name: '成都高新区管理委员会', type: 'government', address: '成都市高新区天府大道中段1268号' },
      { name: '四川省人民医院', type: 'government', address: '成都市青羊区一环路西二段32号' },
      { name: '成都航空有限公司', type: 'hotel_airline', address: '成都市双流区西航港街道空港四路' },
      { name: '四川航空股份有限公司', type: 'hotel_airline', address: '成都市双流区机场路成都双流国际机场' },
      { name: '成都香格里拉大酒店', type: 'hotel_airline', address: '成都市锦江区滨江东路9号' },
      { name: '成都博舍酒店', type: 'hotel_airline', address: '成都市锦江区笔帖式街81号' },
      { name: '四川交投租赁有限公司', type: 'leasing', address: '成都市高新区天府二街151号' },
      { name: '成都蓉城商务汽车租赁有限公司', type: 'leasing', address: '成都市武侯区武侯大道铁佛段88号' },
      { name: '首汽租赁成都分公司', type: 'leasing', address: '成都市金牛区一环路北三段1号' },
      { name: '国网四川电力', type: 'enterprise', address: '成都市青羊区蜀绣西路366号' },
      { name: '中国石油西南油气田分公司', type: 'enterprise', address: '成都市成华区府青路一段3号' },
      { name: '五粮液集团有限公司', type: 'enterprise', address: '宜宾市翠屏区岷江西路150号' },
      { name: '新希望集团有限公司', type: 'enterprise', address: '成都市锦江区金石路376号' },
      { name: '通威股份有限公司', type: 'enterprise', address: '成都市高新区天府大道中段588号' },
      { name: '成都银行股份有限公司', type: 'enterprise', address: '成都市锦江区西御街16号' },
      { name: '成都锦城物业管理有限公司', type: 'general', address: '成都市成华区建设路55号' },
      { name: '四川蜀道律师事务所', type: 'general', address: '成都市锦江区红星路三段1号国际金融中心' },
      { name: '成都西部智谷科技有限公司', type: 'general', address: '成都市高新区天府软件园D区' },
      { name: '四川华西集团有限公司', type: 'historical', address: '成都市解放路二段95号' },
      { name: '成都兴城投资集团有限公司', type: 'historical', address: '成都市高新区天府大道北段1480号' },
      { name: '成都市第七中学', type: 'historical', address: '成都市武侯区林荫中街1号' },
      { name: '京东方科技集团成都分公司（员工购车）', type: 'employee', address: '成都市高新西区合作路1188号' },
      { name: '华为成都研究所（员工购车）', type: 'employee', address: '成都市高新西区西源大道1899号' },
    ],
    otherCompanies: [
      '成都天府国际机场物流有限公司',
      '四川川商发展控股集团',
      '成都大运会场馆运营公司',
      '四川蓝光实业有限公司',
      '成都金牛区个体工商户',
      '四川科伦药业股份有限公司',
      '成都东方广场商管公司',
    ],
    events: {
      outreach: { name: '奥迪A6L政企品鉴会 · 天府新区', location: '成都天府新区兴隆湖畔书店会议厅' },
      showroom: { name: '奥迪Q6 e-tron 新能源展厅品鉴日', location: '成都蓉城奥迪展厅（武侯大道）' },
    },
  },
  {
    code: 'cq-yuzhou',
    name: '重庆渝州奥迪',
    suffix: '2',
    seed: 0x5eed0002,
    people: {
      consultant: '徐鹏',
      consultant_b: '孙倩',
      consultant_c: '何静',
      ka_manager: '胡斌',
      sales_director: '朱红',
      gm: '高志远',
      marketing_director: '林晓',
      cs_manager: '何芳',
      cs_agent: '郭婷',
      training_manager: '马骏',
      admin: '罗勇',
    },
    accounts: [
      { name: '重庆市机关事务管理局', type: 'government', address: '重庆市渝中区人民路232号' },
      { name: '重庆两江新区管理委员会', type: 'government', address: '重庆市渝北区金开大道68号' },
      { name: '重庆市渝中区人民政府', type: 'government', address: '重庆市渝中区解放西路158号' },
      { name: '重庆医科大学附属第一医院', type: 'government', address: '重庆市渝中区袁家岗友谊路1号' },
      { name: '重庆航空有限责任公司', type: 'hotel_airline', address: '重庆市渝北区江北国际机场' },
      { name: '华夏航空股份有限公司', type: 'hotel_airline', address: '重庆市渝北区星光大道' },
      { name: '重庆解放碑威斯汀酒店', type: 'hotel_airline', address: '重庆市渝中区新华路222号' },
      { name: '重庆来福士洲际酒店', type: 'hotel_airline', address: '重庆市渝中区朝天门大街' },
      { name: '重庆交通融资租赁有限公司', type: 'leasing', address: '重庆市江北区庆云路1号' },
      { name: '渝富融资租赁有限公司', type: 'leasing', address: '重庆市江北区金融街' },
      { name: '重庆银海融资租赁有限公司', type: 'leasing', address: '重庆市渝北区新南路' },
      { name: '国网重庆市电力公司', type: 'enterprise', address: '重庆市渝北区龙溪街道' },
      { name: '重庆啤酒股份有限公司', type: 'enterprise', address: '重庆市北部新区大竹林街道' },
      { name: '重庆农村商业银行', type: 'enterprise', address: '重庆市江北区金沙门路36号' },
      { name: '龙湖集团重庆公司', type: 'enterprise', address: '重庆市渝北区新南路' },
      { name: '中冶赛迪集团有限公司', type: 'enterprise', address: '重庆市渝中区双钢路1号' },
      { name: '重庆水务集团股份有限公司', type: 'enterprise', address: '重庆市渝中区虎踞路80号' },
      { name: '重庆朝天门物流有限公司', type: 'general', address: '重庆市南岸区弹子石' },
      { name: '重庆山城律师事务所', type: 'general', address: '重庆市江北区观音桥步行街' },
      { name: '重庆渝航科技有限公司', type: 'general', address: '重庆市沙坪坝区大学城' },
      { name: '重庆建工集团股份有限公司', type: 'historical', address: '重庆市两江新区金开大道1596号' },
      { name: '重庆港务物流集团有限公司', type: 'historical', address: '重庆市江北区海尔路318号' },
      { name: '重庆市巴蜀中学', type: 'historical', address: '重庆市渝中区张家花园路' },
      { name: '重庆京东方光电（员工购车）', type: 'employee', address: '重庆市北碚区水土高新园' },
      { name: '中国移动重庆公司（员工购车）', type: 'employee', address: '重庆市渝北区星光五路' },
    ],
    otherCompanies: [
      '重庆小面连锁餐饮管理公司',
      '重庆西永综合保税区开发公司',
      '重庆果园港物流公司',
      '重庆鸿恩寺文旅集团',
      '重庆江北个体工商户',
      '重庆智飞生物制品股份有限公司',
      '重庆百货大楼股份有限公司',
    ],
    events: {
      outreach: { name: '奥迪A8L企业家沙龙 · 江北嘴', location: '重庆江北嘴金融城国金中心会议中心' },
      showroom: { name: '奥迪Q6 e-tron 新能源展厅品鉴日', location: '重庆渝州奥迪展厅（渝北区）' },
    },
  },
];

/** Models each customer type tends to buy, and the usual quantity range. */
export const MODELS_BY_TYPE: Record<CustomerType, { models: string[]; qty: [number, number] }> = {
  government: { models: ['A6L', 'A6L', 'A4L', 'Q5L'], qty: [3, 20] },
  hotel_airline: { models: ['A8L', 'A6L', 'Q7', 'A6L'], qty: [2, 12] },
  leasing: { models: ['A4L', 'A6L', 'Q5L', 'Q3'], qty: [10, 30] },
  enterprise: { models: ['A6L', 'A8L', 'Q5L', 'Q7', 'e-tron GT', 'Q6 e-tron'], qty: [2, 15] },
  general: { models: ['A4L', 'Q5L', 'Q3', 'A6L'], qty: [1, 6] },
  historical: { models: ['A6L', 'A4L', 'Q5L'], qty: [2, 10] },
  employee: { models: ['A3', 'Q3', 'A4L', 'Q4 e-tron', 'Q6 e-tron'], qty: [1, 3] },
};
/** Flagship models are not bought by the dozen. */
export const SMALL_BATCH_MODELS: Record<string, number> = { A8L: 4, 'e-tron GT': 2, Q7: 6 };

export const CONTACT_TITLES: Record<CustomerType, string[]> = {
  government: ['车管科长', '机关事务处副处长', '办公室主任', '行政主管', '后勤处处长'],
  hotel_airline: ['行政主管', '车队队长', '采购经理', '礼宾部经理'],
  leasing: ['资产管理部经理', '采购总监', '运营经理'],
  enterprise: ['车管科长', '行政主管', '采购经理', '行政总监', '综合管理部部长'],
  general: ['总经理', '行政主管', '办公室主任'],
  historical: ['车管科长', '行政主管', '采购经理'],
  employee: ['工会主席', '人力资源经理', '行政主管'],
};

/** The current grades of a dealer's prospects (shuffled), 40 in all: every grade, a few W. */
export const GRADE_MIX: Grade[] = [
  ...Array<Grade>(4).fill('O'),
  ...Array<Grade>(7).fill('H'),
  ...Array<Grade>(9).fill('A'),
  ...Array<Grade>(7).fill('B'),
  ...Array<Grade>(5).fill('C'),
  ...Array<Grade>(3).fill('D'),
  ...Array<Grade>(3).fill('F'),
  ...Array<Grade>(2).fill('W'),
];

export const FREE_CHANNELS = [
  'referral',
  'circle_club',
  'trade_in',
  'showroom',
  'cold_visit',
  'business_event',
  'referral',
] as const;

export const GRADE_REASONS = {
  initial: ['首次建档', '走访后建档', '客户来电咨询后建档', '转介绍客户建档'],
  fromW: ['到店客户已补录留档', '到店客户回访后建档'],
  up: [
    '客户确认年内采购预算',
    '已提交正式报价，客户内部立项',
    '试驾反馈良好，采购意向明确',
    '采购审批已进入流程',
    '客户要求本月内提供合同草案',
    '招标文件已发布，我司入围',
  ],
  down: ['客户采购预算延后一个季度', '决策人变动，需重新对接', '客户要求重新比价', '内部审批暂缓'],
  toO: ['已签订购车合同，等待交车', '合同签订完成，定金已到账'],
  toD: ['预算冻结，推迟至明年采购', '单位改制，购车计划延后', '新能源政策待定，客户暂缓购车'],
  toF: [
    '客户选择竞品宝马5系',
    '政府采购平台中标方为其他品牌',
    '价格未达成一致，客户选择奔驰E级',
    '客户转向国产新能源品牌',
  ],
};

/** Follow-up content by channel; {model} and {qty} are filled in. */
export const FOLLOW_UP_TEXT: Record<'phone' | 'visit' | 'wechat', string[]> = {
  phone: [
    '电话沟通{model}报价及交车周期，客户表示需走内部采购流程',
    '电话确认{qty}台{model}的配置需求，客户倾向高配',
    '电话回访，客户询问大客户专属金融方案',
    '电话跟进采购审批进度，预计下周有结果',
  ],
  visit: [
    '上门拜访，向客户介绍{model}大客户政策及售后服务包',
    '携带{model}试驾车上门，安排负责人试驾',
    '拜访客户采购部门，递交{qty}台{model}正式报价单',
    '上门拜访，了解客户车辆更新计划',
  ],
  wechat: [
    '微信发送{model}配置单和大客户优惠方案，客户已读并回复',
    '微信沟通试驾时间及用车需求',
    '微信推送新能源车型资料，客户表示感兴趣',
    '微信确认下次拜访时间',
  ],
};

export const NEXT_STEPS = [
  '下周安排试驾',
  '提交正式报价单',
  '跟进采购审批进度',
  '邀请参加展厅品鉴会',
  '确认合同条款',
  '月底前再次拜访',
];

export const VISIT_PURPOSES = [
  '年度车辆更新需求摸底',
  '新车型推介及试驾邀约',
  '递交大客户报价方案',
  '老客户关怀回访',
  '了解招标采购计划',
  '拜访新任车管负责人',
];

export const VISIT_SUMMARIES = [
  '与车管负责人沟通年度购车计划，现场登记意向客户',
  '介绍奥迪大客户政策，客户对金融方案感兴趣',
  '拜访行政部门，了解车辆更新周期',
  '回访老客户，收集用车反馈并挖掘增购需求',
  '陪同客户试驾，现场解答配置问题',
];

export const NOTES = [
  '客户关注售后保养套餐',
  '需开具增值税专用发票',
  '决策人为分管副总',
  '要求统一车身颜色（黑色）',
  '希望分两批交车',
  '对比宝马、奔驰方案中',
];
