/**
 * Deterministic demo registry for the local stack: the Beijing union tree (city → districts and industry
 * unions → grassroots unions), approvers, a few hundred members and the year's budgets.
 *
 * Pure: no I/O, no clock unless `year` is omitted, no `Math.random` (a seeded mulberry32 PRNG). Members'
 * identity numbers exist only inside this module while building; the data holds their keyed hash and mask.
 * All e-mail addresses use the reserved `.example` top-level domain; all people and companies are invented.
 */
import { beijingYear } from '../../functions/domain/calendar.ts';
import { hashIdNumber, makeIdNumber, maskIdNumber } from '../../functions/domain/id-number.ts';
import type { Approver, Budget, Member, MemberStatus, Unit } from '../../functions/domain/registry.ts';

/** The member a demo signs in as: active, long-standing, in `BJ-HD-001`, not an approver. */
export const DEMO_MEMBER_ID = 'M000001';
export const DEMO_MEMBER_UNIT_CODE = 'BJ-HD-001';
export const DEMO_DEFAULT_SEED = 20150109;
export const DEMO_DEFAULT_MEMBERS_PER_UNIT = 12;
/** The money programs that get a budget line per grassroots unit. */
export const DEMO_BUDGET_PROGRAM_IDS = [
  'skill-boost',
  'accident-protection',
  'medical-mutual-aid',
  'legal-aid',
  'hardship-aid',
] as const;

export interface DemoData {
  readonly units: Unit[];
  readonly approvers: Approver[];
  readonly members: Member[];
  readonly budgets: Budget[];
}

export interface DemoDataOptions {
  /** PRNG seed; default {@link DEMO_DEFAULT_SEED}. */
  readonly seed?: number;
  /** Budget year; members joined at least two years before it. Default: the current year in Beijing. */
  readonly year?: number;
  /** Key for the identity-number HMAC (the same key the service uses to look members up). */
  readonly hashKey: string;
  /** Members per grassroots unit, 2..999; default 12. */
  readonly membersPerUnit?: number;
}

type GrassrootsSeed = readonly [name: string, nameEn: string];

interface MiddleUnitSeed {
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  readonly tier: 'district' | 'industry';
  /** Area code (GB/T 2260) used for the identity numbers of members below this unit. */
  readonly areaCode: string;
  readonly grassroots: readonly [GrassrootsSeed, GrassrootsSeed];
}

const CITY: Unit = {
  code: 'BJ',
  name: '北京市总工会',
  nameEn: 'Beijing Federation of Trade Unions',
  tier: 'city',
  parentCode: null,
  path: 'BJ',
};

const MIDDLE_UNITS: readonly MiddleUnitSeed[] = [
  district('DC', '东城区', 'Dongcheng', '110101', [
    ['北京东华门餐饮管理有限公司工会', 'Beijing Donghuamen Catering Management Co., Ltd. Trade Union'],
    ['东城区东直门街道工会服务站', 'Dongzhimen Subdistrict Trade Union Service Station, Dongcheng'],
  ]),
  district('XC', '西城区', 'Xicheng', '110102', [
    [
      '北京金融街恒信资产管理有限公司工会',
      'Beijing Financial Street Hengxin Asset Management Co., Ltd. Trade Union',
    ],
    ['西城区德胜门外小学工会', 'Deshengmenwai Primary School Trade Union, Xicheng'],
  ]),
  district('CY', '朝阳区', 'Chaoyang', '110105', [
    [
      '北京望京云创信息技术有限公司工会',
      'Beijing Wangjing Yunchuang Information Technology Co., Ltd. Trade Union',
    ],
    ['朝阳区望京街道工会服务站', 'Wangjing Subdistrict Trade Union Service Station, Chaoyang'],
  ]),
  district('HD', '海淀区', 'Haidian', '110108', [
    ['北京中关村智算科技有限公司工会', 'Beijing Zhongguancun Zhisuan Technology Co., Ltd. Trade Union'],
    ['海淀区上地康复医院工会', 'Shangdi Rehabilitation Hospital Trade Union, Haidian'],
  ]),
  district('FT', '丰台区', 'Fengtai', '110106', [
    [
      '北京丰台新发地农产品物流有限公司工会',
      'Beijing Fengtai Xinfadi Farm Produce Logistics Co., Ltd. Trade Union',
    ],
    ['丰台区卢沟桥街道工会服务站', 'Lugouqiao Subdistrict Trade Union Service Station, Fengtai'],
  ]),
  district('SJS', '石景山区', 'Shijingshan', '110107', [
    [
      '北京石景山永定河环境工程有限公司工会',
      'Beijing Shijingshan Yongding River Environmental Engineering Co., Ltd. Trade Union',
    ],
    ['石景山区八角中学工会', 'Bajiao Middle School Trade Union, Shijingshan'],
  ]),
  district('MTG', '门头沟区', 'Mentougou', '110109', [
    ['北京京西山水生态旅游有限公司工会', 'Beijing Jingxi Shanshui Eco-Tourism Co., Ltd. Trade Union'],
    ['门头沟区大峪社区卫生服务中心工会', 'Dayu Community Health Service Centre Trade Union, Mentougou'],
  ]),
  district('FS', '房山区', 'Fangshan', '110111', [
    ['北京房山燕化新材料有限公司工会', 'Beijing Fangshan Yanhua New Materials Co., Ltd. Trade Union'],
    ['房山区良乡第二小学工会', 'Liangxiang No. 2 Primary School Trade Union, Fangshan'],
  ]),
  district('TZ', '通州区', 'Tongzhou', '110112', [
    ['北京通州运河城市建设有限公司工会', 'Beijing Tongzhou Canal City Construction Co., Ltd. Trade Union'],
    ['通州区潞城镇工会服务站', 'Lucheng Town Trade Union Service Station, Tongzhou'],
  ]),
  district('SY', '顺义区', 'Shunyi', '110113', [
    ['北京顺义空港物流服务有限公司工会', 'Beijing Shunyi Airport Logistics Services Co., Ltd. Trade Union'],
    ['顺义区仁和中心医院工会', 'Renhe Central Hospital Trade Union, Shunyi'],
  ]),
  district('CP', '昌平区', 'Changping', '110114', [
    [
      '北京未来科学城能源科技有限公司工会',
      'Beijing Future Science City Energy Technology Co., Ltd. Trade Union',
    ],
    ['昌平区回龙观街道工会服务站', 'Huilongguan Subdistrict Trade Union Service Station, Changping'],
  ]),
  district('DX', '大兴区', 'Daxing', '110115', [
    ['北京大兴临空航空食品有限公司工会', 'Beijing Daxing Airside Aviation Catering Co., Ltd. Trade Union'],
    ['大兴区黄村第一中学工会', 'Huangcun No. 1 Middle School Trade Union, Daxing'],
  ]),
  district('HR', '怀柔区', 'Huairou', '110116', [
    [
      '北京怀柔雁栖湖会展服务有限公司工会',
      'Beijing Huairou Yanqi Lake Exhibition Services Co., Ltd. Trade Union',
    ],
    ['怀柔区第二医院工会', 'Huairou No. 2 Hospital Trade Union'],
  ]),
  district('PG', '平谷区', 'Pinggu', '110117', [
    ['北京平谷绿谷食品有限公司工会', 'Beijing Pinggu Lügu Foods Co., Ltd. Trade Union'],
    ['平谷区金海湖镇工会服务站', 'Jinhaihu Town Trade Union Service Station, Pinggu'],
  ]),
  district('MY', '密云区', 'Miyun', '110118', [
    [
      '北京密云清水生态环境有限公司工会',
      'Beijing Miyun Qingshui Ecological Environment Co., Ltd. Trade Union',
    ],
    ['密云区鼓楼中心小学工会', 'Gulou Central Primary School Trade Union, Miyun'],
  ]),
  district('YQ', '延庆区', 'Yanqing', '110119', [
    [
      '北京延庆妫川冰雪运动服务有限公司工会',
      'Beijing Yanqing Guichuan Winter Sports Services Co., Ltd. Trade Union',
    ],
    ['延庆区康庄镇工会服务站', 'Kangzhuang Town Trade Union Service Station, Yanqing'],
  ]),
  {
    code: 'BJ-ETDA',
    name: '北京经济技术开发区总工会',
    nameEn: 'Beijing Economic-Technological Development Area Federation of Trade Unions',
    tier: 'district',
    areaCode: '110115',
    grassroots: [
      [
        '北京亦庄智造汽车零部件有限公司工会',
        'Beijing Yizhuang Smart Manufacturing Auto Parts Co., Ltd. Trade Union',
      ],
      [
        '北京亦庄康元生物医药有限公司工会',
        'Beijing Yizhuang Kangyuan Biopharmaceutical Co., Ltd. Trade Union',
      ],
    ],
  },
  industry('CONST', '北京市建设工会', 'Beijing Construction Trade Union', '110102', [
    [
      '北京京华建工集团第三工程有限公司工会',
      'Beijing Jinghua Construction Group No. 3 Engineering Co., Ltd. Trade Union',
    ],
    ['北京恒通路桥建设有限公司工会', 'Beijing Hengtong Road and Bridge Construction Co., Ltd. Trade Union'],
  ]),
  industry('EDU', '北京市教育工会', 'Beijing Education Trade Union', '110102', [
    ['北京市京华实验中学工会', 'Beijing Jinghua Experimental Middle School Trade Union'],
    ['北京市朝晖职业技术学校工会', 'Beijing Zhaohui Vocational and Technical School Trade Union'],
  ]),
  industry('HEALTH', '北京市卫生健康工会', 'Beijing Health Trade Union', '110101', [
    ['北京市仁济医院工会', 'Beijing Renji Hospital Trade Union'],
    ['北京市康宁社区卫生服务中心工会', 'Beijing Kangning Community Health Service Centre Trade Union'],
  ]),
  industry('UNIV', '北京高校工会联合会', 'Beijing Universities Trade Union Federation', '110108', [
    ['北京应用技术大学教职工工会', 'Beijing University of Applied Technology Staff Trade Union'],
    ['首都城市职业学院工会', 'Capital Urban Vocational College Trade Union'],
  ]),
];

function district(
  suffix: string,
  nameZh: string,
  nameEn: string,
  areaCode: string,
  grassroots: readonly [GrassrootsSeed, GrassrootsSeed],
): MiddleUnitSeed {
  return {
    code: `BJ-${suffix}`,
    name: `${nameZh}总工会`,
    nameEn: `${nameEn} District Federation of Trade Unions`,
    tier: 'district',
    areaCode,
    grassroots,
  };
}

function industry(
  suffix: string,
  name: string,
  nameEn: string,
  areaCode: string,
  grassroots: readonly [GrassrootsSeed, GrassrootsSeed],
): MiddleUnitSeed {
  return { code: `BJ-IND-${suffix}`, name, nameEn, tier: 'industry', areaCode, grassroots };
}

type NamePart = readonly [hanzi: string, pinyin: string];

const SURNAMES: readonly NamePart[] = [
  ['王', 'wang'],
  ['李', 'li'],
  ['张', 'zhang'],
  ['刘', 'liu'],
  ['陈', 'chen'],
  ['杨', 'yang'],
  ['赵', 'zhao'],
  ['黄', 'huang'],
  ['周', 'zhou'],
  ['吴', 'wu'],
  ['徐', 'xu'],
  ['孙', 'sun'],
  ['胡', 'hu'],
  ['朱', 'zhu'],
  ['高', 'gao'],
  ['林', 'lin'],
  ['何', 'he'],
  ['郭', 'guo'],
  ['马', 'ma'],
  ['罗', 'luo'],
  ['梁', 'liang'],
  ['宋', 'song'],
  ['郑', 'zheng'],
  ['谢', 'xie'],
  ['韩', 'han'],
  ['唐', 'tang'],
  ['冯', 'feng'],
  ['于', 'yu'],
  ['董', 'dong'],
  ['曹', 'cao'],
  ['邓', 'deng'],
  ['许', 'xu'],
];

/** Given names by sex and generation (born before 1985 / from 1985). */
const GIVEN_NAMES: Readonly<
  Record<'male' | 'female', { older: readonly NamePart[]; younger: readonly NamePart[] }>
> = {
  male: {
    older: [
      ['建国', 'jianguo'],
      ['志强', 'zhiqiang'],
      ['国庆', 'guoqing'],
      ['建军', 'jianjun'],
      ['伟', 'wei'],
      ['强', 'qiang'],
      ['军', 'jun'],
      ['勇', 'yong'],
      ['刚', 'gang'],
      ['明', 'ming'],
      ['海涛', 'haitao'],
      ['建华', 'jianhua'],
      ['立新', 'lixin'],
      ['永刚', 'yonggang'],
    ],
    younger: [
      ['浩', 'hao'],
      ['磊', 'lei'],
      ['杰', 'jie'],
      ['涛', 'tao'],
      ['鹏', 'peng'],
      ['超', 'chao'],
      ['宇', 'yu'],
      ['俊杰', 'junjie'],
      ['浩然', 'haoran'],
      ['子轩', 'zixuan'],
      ['宇航', 'yuhang'],
      ['博文', 'bowen'],
      ['思远', 'siyuan'],
      ['天一', 'tianyi'],
    ],
  },
  female: {
    older: [
      ['秀英', 'xiuying'],
      ['桂英', 'guiying'],
      ['玉兰', 'yulan'],
      ['淑珍', 'shuzhen'],
      ['红梅', 'hongmei'],
      ['丽', 'li'],
      ['芳', 'fang'],
      ['敏', 'min'],
      ['静', 'jing'],
      ['艳', 'yan'],
      ['丽华', 'lihua'],
      ['晓燕', 'xiaoyan'],
      ['春梅', 'chunmei'],
      ['秀兰', 'xiulan'],
    ],
    younger: [
      ['婷', 'ting'],
      ['雪', 'xue'],
      ['娜', 'na'],
      ['丹', 'dan'],
      ['欣怡', 'xinyi'],
      ['思雨', 'siyu'],
      ['佳琪', 'jiaqi'],
      ['雨萱', 'yuxuan'],
      ['梦瑶', 'mengyao'],
      ['诗涵', 'shihan'],
      ['晓彤', 'xiaotong'],
      ['文静', 'wenjing'],
      ['慧敏', 'huimin'],
      ['璐', 'lu'],
    ],
  },
};

/** Mobile prefixes of the three carriers (all match `1[3-9]`). */
const MOBILE_PREFIXES: readonly string[] = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '176',
  '177',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '198',
  '199',
];

/** Budget ranges per program, in CNY (drawn in steps of 10,000 CNY). */
const BUDGET_RANGES_CNY: Readonly<
  Record<(typeof DEMO_BUDGET_PROGRAM_IDS)[number], readonly [number, number]>
> = {
  'skill-boost': [20_000, 100_000],
  'accident-protection': [100_000, 200_000],
  'medical-mutual-aid': [50_000, 200_000],
  'legal-aid': [20_000, 60_000],
  'hardship-aid': [30_000, 150_000],
};

const EARLIEST_JOIN_YEAR = 2008;
const EARLIEST_BIRTH_YEAR = 1965;
const LATEST_BIRTH_YEAR = 2002;

/** mulberry32: a tiny, fast, well-distributed 32-bit PRNG; deterministic for a given seed. */
class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A uniformly chosen calendar date in the years [fromYear, toYear], as `yyyy-mm-dd`. */
function randomDate(rng: Rng, fromYear: number, toYear: number): string {
  const year = rng.int(fromYear, toYear);
  const month = rng.int(1, 12);
  const day = rng.int(1, daysInMonth(year, month));
  return `${year}-${pad(month, 2)}-${pad(day, 2)}`;
}

function yearOf(isoDate: string): number {
  return Number(isoDate.slice(0, 4));
}

interface Person {
  readonly name: string;
  readonly surnamePinyin: string;
  readonly givenPinyin: string;
  readonly sex: 'male' | 'female';
  readonly birthYear: number;
  readonly mobile: string;
}

class PeopleFactory {
  private readonly mobiles = new Set<string>();
  private readonly idNumbers = new Set<string>();

  constructor(private readonly rng: Rng) {}

  person(birthYear: number): Person {
    const sex = this.rng.chance(0.5) ? 'male' : 'female';
    const [surname, surnamePinyin] = this.rng.pick(SURNAMES);
    const generation = birthYear < 1985 ? 'older' : 'younger';
    const [given, givenPinyin] = this.rng.pick(GIVEN_NAMES[sex][generation]);
    return { name: `${surname}${given}`, surnamePinyin, givenPinyin, sex, birthYear, mobile: this.mobile() };
  }

  private mobile(): string {
    for (;;) {
      const mobile = `${this.rng.pick(MOBILE_PREFIXES)}${pad(this.rng.int(0, 99_999_999), 8)}`;
      if (!this.mobiles.has(mobile)) {
        this.mobiles.add(mobile);
        return mobile;
      }
    }
  }

  /** A unique identity number for `person`, born in their birth year, with a sequence matching their sex. */
  idNumber(person: Person, areaCode: string): string {
    for (;;) {
      const birthDate = randomDate(this.rng, person.birthYear, person.birthYear);
      const sequence = this.rng.int(0, 499) * 2 + (person.sex === 'male' ? 1 : 0);
      const idNumber = makeIdNumber(areaCode, birthDate, sequence);
      if (!this.idNumbers.has(idNumber)) {
        this.idNumbers.add(idNumber);
        return idNumber;
      }
    }
  }
}

function checkOptions(seed: number, year: number, membersPerUnit: number, hashKey: string): void {
  if (!Number.isInteger(seed)) throw new RangeError('seed must be an integer');
  if (!Number.isInteger(year) || year < 2011 || year > 2100) {
    throw new RangeError('year must be an integer 2011..2100');
  }
  if (!Number.isInteger(membersPerUnit) || membersPerUnit < 2 || membersPerUnit > 999) {
    throw new RangeError('membersPerUnit must be an integer 2..999');
  }
  if (hashKey.length === 0) throw new RangeError('hashKey must not be empty');
}

/** Build the demo registry; the same options always give the same data. */
export function buildDemoData(opts: DemoDataOptions): DemoData {
  const seed = opts.seed ?? DEMO_DEFAULT_SEED;
  const year = opts.year ?? beijingYear(new Date());
  const membersPerUnit = opts.membersPerUnit ?? DEMO_DEFAULT_MEMBERS_PER_UNIT;
  checkOptions(seed, year, membersPerUnit, opts.hashKey);

  const rng = new Rng(seed);
  const people = new PeopleFactory(rng);

  // Units: the city, then the districts and industry unions, then their grassroots unions.
  const middleUnits: Unit[] = MIDDLE_UNITS.map((seedUnit) => ({
    code: seedUnit.code,
    name: seedUnit.name,
    nameEn: seedUnit.nameEn,
    tier: seedUnit.tier,
    parentCode: CITY.code,
    path: `${CITY.path}/${seedUnit.code}`,
  }));
  const grassrootsUnits: { unit: Unit; areaCode: string }[] = MIDDLE_UNITS.flatMap((seedUnit) =>
    seedUnit.grassroots.map(([name, nameEn], i) => {
      const code = `${seedUnit.code}-${pad(i + 1, 3)}`;
      const unit: Unit = {
        code,
        name,
        nameEn,
        tier: 'grassroots',
        parentCode: seedUnit.code,
        path: `${CITY.path}/${seedUnit.code}/${code}`,
      };
      return { unit, areaCode: seedUnit.areaCode };
    }),
  );
  const units: Unit[] = [CITY, ...middleUnits, ...grassrootsUnits.map((g) => g.unit)];

  // Members: the demo member's unit first, so the demo member is M000001. In each unit the last member is
  // also the unit's first approver.
  const memberOrder = [
    ...grassrootsUnits.filter((g) => g.unit.code === DEMO_MEMBER_UNIT_CODE),
    ...grassrootsUnits.filter((g) => g.unit.code !== DEMO_MEMBER_UNIT_CODE),
  ];
  const members: Member[] = [];
  const approverMembers = new Map<string, { person: Person; memberId: string }>();
  const latestBirthYear = Math.min(LATEST_BIRTH_YEAR, year - 21);
  for (const { unit, areaCode } of memberOrder) {
    for (let k = 0; k < membersPerUnit; k++) {
      const memberId = `M${pad(members.length + 1, 6)}`;
      const isDemoMember = memberId === DEMO_MEMBER_ID;
      const isApprover = k === membersPerUnit - 1;
      const person = people.person(rng.int(EARLIEST_BIRTH_YEAR, latestBirthYear));
      const idNumber = people.idNumber(person, areaCode);
      // Joined at 18 or later, from 2008, at least two years before the budget year (the demo member: three).
      const joinFrom = Math.max(EARLIEST_JOIN_YEAR, person.birthYear + 18);
      const joinedOn = randomDate(rng, joinFrom, isDemoMember ? year - 3 : year - 2);
      let status: MemberStatus = 'active';
      if (!isDemoMember && !isApprover) {
        const r = rng.next();
        status = r < 0.06 ? 'suspended' : r < 0.12 ? 'left' : 'active';
      }
      const leftOn = status === 'left' ? randomDate(rng, yearOf(joinedOn) + 1, year - 1) : null;
      const hardship = !isDemoMember && rng.chance(0.06);
      const modelWorker = !isDemoMember && rng.chance(0.04);
      members.push({
        memberId,
        name: person.name,
        idNumberHash: hashIdNumber(idNumber, opts.hashKey),
        idNumberMasked: maskIdNumber(idNumber),
        mobile: person.mobile,
        sex: person.sex,
        unitCode: unit.code,
        status,
        joinedOn,
        leftOn,
        hardship,
        modelWorker,
      });
      if (isApprover) approverMembers.set(unit.code, { person, memberId });
    }
  }

  // Approvers: two per unit at every tier; a grassroots unit's first approver is one of its members.
  const approvers: Approver[] = [];
  for (const unit of units) {
    const domain = `${unit.code.toLowerCase()}.union.example`;
    const localParts = new Set<string>();
    for (const n of [1, 2]) {
      const asMember = n === 1 ? approverMembers.get(unit.code) : undefined;
      const person = asMember?.person ?? people.person(rng.int(1965, year - 25));
      const base = `${person.surnamePinyin}.${person.givenPinyin}`;
      let localPart = base;
      for (let i = 2; localParts.has(localPart); i++) localPart = `${base}${i}`;
      localParts.add(localPart);
      approvers.push({
        approverId: `A-${unit.code}-${n}`,
        unitCode: unit.code,
        name: person.name,
        email: `${localPart}@${domain}`,
        mobile: person.mobile,
        memberId: asMember?.memberId ?? null,
      });
    }
  }

  // Budgets: every grassroots unit × money program, in whole tens of thousands of CNY, as integer fen.
  const budgets: Budget[] = grassrootsUnits.flatMap(({ unit }) =>
    DEMO_BUDGET_PROGRAM_IDS.map((programId) => {
      const [minCny, maxCny] = BUDGET_RANGES_CNY[programId];
      const cny = rng.int(minCny / 10_000, maxCny / 10_000) * 10_000;
      return { unitCode: unit.code, programId, year, allocatedFen: cny * 100, paidFen: 0 };
    }),
  );

  return { units, approvers, members, budgets };
}
