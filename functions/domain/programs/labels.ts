/**
 * What people read for the catalog's ids: each evidence kind, and what a claim's date (`incidentDate`)
 * means for each benefit, in Chinese and English. One table for pages and messages; a test checks that
 * every evidence kind and every benefit of the catalog has both labels.
 */

export interface Label {
  readonly zh: string;
  readonly en: string;
}

export const EVIDENCE_LABELS: Readonly<Record<string, Label>> = {
  certificate: { zh: '证书', en: 'Certificate' },
  invoice: { zh: '发票', en: 'Invoice' },
  'court-document': { zh: '法院文书', en: 'Court document' },
  'discharge-summary': { zh: '出院小结', en: 'Discharge summary' },
  'diagnosis-certificate': { zh: '诊断证明书', en: 'Diagnosis certificate' },
  'disability-assessment': { zh: '伤残鉴定书', en: 'Disability assessment' },
  'medical-record': { zh: '病历', en: 'Medical record' },
  'death-certificate': { zh: '死亡证明', en: 'Death certificate' },
  'proof-of-relation': { zh: '亲属关系证明', en: 'Proof of relation' },
  'fire-report': { zh: '火灾事故认定书', en: 'Fire report' },
  'flood-report': { zh: '水灾受灾证明', en: 'Flood damage report' },
  'aid-application': { zh: '救助申请表', en: 'Aid application' },
  'incident-report': { zh: '事件证明', en: 'Incident report' },
  'tuition-invoice': { zh: '学费发票', en: 'Tuition invoice' },
};

const ACCIDENT: Label = { zh: '事故日期', en: 'Accident date' };
const APPLICATION: Label = { zh: '申请日期', en: 'Application date' };
const CERTIFICATE: Label = { zh: '取证日期', en: 'Certificate date' };
const DIAGNOSIS: Label = { zh: '确诊日期', en: 'Diagnosis date' };
const ADMISSION: Label = { zh: '入院日期', en: 'Admission date' };
const SERVICE: Label = { zh: '服务日期', en: 'Service date' };
const TREATMENT: Label = { zh: '就诊日期', en: 'Treatment date' };

/** Program id → benefit id → what the claim's date is. */
export const CLAIM_DATE_LABELS: Readonly<Record<string, Readonly<Record<string, Label>>>> = {
  'skill-boost': {
    technician: CERTIFICATE,
    'senior-technician': CERTIFICATE,
    competition: { zh: '获奖日期', en: 'Award date' },
  },
  'legal-aid': {
    consultation: SERVICE,
    representation: SERVICE,
    'document-drafting': SERVICE,
    mediation: SERVICE,
    'litigation-subsidy': { zh: '费用发生日期', en: 'Date of the costs' },
  },
  'culture-sports': { training: SERVICE, event: SERVICE, venue: SERVICE },
  'medical-mutual-aid': {
    outpatient: TREATMENT,
    inpatient: ADMISSION,
    'hospital-daily-allowance': ADMISSION,
    'critical-illness': DIAGNOSIS,
    'female-special-disease': DIAGNOSIS,
    'accidental-injury': ACCIDENT,
    'child-accident': ACCIDENT,
  },
  'health-promotion': { 'walking-campaign': SERVICE, 'fitness-test': SERVICE, 'health-record': SERVICE },
  'occupational-rehab': { screening: SERVICE, 'tcm-therapy': SERVICE, 'registration-free-visit': SERVICE },
  'accident-protection': {
    disability: ACCIDENT,
    death: { zh: '身故日期', en: 'Date of death' },
    fire: { zh: '火灾日期', en: 'Date of the fire' },
    flood: { zh: '水灾日期', en: 'Date of the flood' },
  },
  'psychological-care': { 'check-up': SERVICE, counselling: SERVICE },
  'hardship-aid': {
    'living-aid': APPLICATION,
    'employment-help': SERVICE,
    'medical-aid': TREATMENT,
    'emergency-aid': { zh: '事发日期', en: 'Date of the emergency' },
    'spring-festival': APPLICATION,
    'single-parent': APPLICATION,
    'model-worker-care': APPLICATION,
    'education-aid': { zh: '缴费日期', en: 'Tuition payment date' },
  },
  'maternal-care': { 'nursing-room': SERVICE, 'maternal-health-talk': SERVICE },
};

/** A benefit that an admin added without a label here: a neutral word, never a wrong one. */
const ANY_DATE: Label = { zh: '日期', en: 'Date' };

/** A table's own entry only: an id such as `constructor` finds nothing inherited. */
function own<T>(table: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return table !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** An evidence kind as people read it; a kind the table does not know shows its id. */
export function evidenceLabel(kind: string): Label {
  return own(EVIDENCE_LABELS, kind) ?? { zh: kind, en: kind };
}

/** What a claim's date means for its benefit (取证日期 for a certificate, 入院日期 for an admission…). */
export function claimDateLabel(program: string, benefit: string): Label {
  return own(own(CLAIM_DATE_LABELS, program), benefit) ?? ANY_DATE;
}
