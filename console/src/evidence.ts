/**
 * The evidence kinds' names, as the API's own pages say them (functions/domain/programs/labels.ts; a unit
 * test keeps the two equal). A kind the console does not know is shown as its id.
 */
export const EVIDENCE_NAMES: Readonly<Record<string, { readonly zh: string; readonly en: string }>> = {
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

export function evidenceName(kind: string, lang: 'zh' | 'en'): string {
  return EVIDENCE_NAMES[kind]?.[lang] ?? kind;
}
