import { type Lang, parseAcceptLanguage } from './i18n.ts';

/**
 * The Chinese of every problem title the API answers with. The English titles are the ones the
 * errors carry (`domain/errors.ts`, `http-error.ts`, the use cases' `title`); a title missing here is
 * answered in English (a test lists the titles thrown in `functions/` and asks for each).
 */
export const ZH_TITLES: Readonly<Record<string, string>> = {
  // the kinds of domain error
  'Invalid request': '请求无效',
  Forbidden: '无权操作',
  'Not found': '未找到',
  Conflict: '状态冲突',
  Gone: '已失效',
  Refused: '规则不允许',
  Incomplete: '记录不完整',
  Unavailable: '服务暂不可用',
  'Internal error': '内部错误',
  // the HTTP edge
  'Unsupported media type': '不支持的内容类型',
  'Body too large': '请求内容过大',
  'File too large': '文件过大',
  'Invalid JSON': 'JSON 格式无效',
  'Invalid form': '表单无效',
  Unauthorized: '未通过身份验证',
  // the use cases' own titles
  'Already closed': '已关闭',
  'Already retired': '项目早已停办',
  'Annual limit used': '年度次数已用完',
  'Batch lines refused': '批次明细被拒绝',
  'Batch not cut': '付款批次尚未生成',
  'Below what is spent': '低于已支出金额',
  'Document refused': '文件未被接受',
  'Documents already requested': '已要求补充材料',
  'Documents missing': '材料尚未补齐',
  'Upload refused': '上传文件未被接受',
  'Payee change expired': '收款账户变更已过期',
  'Reconciliation expired': '对账结果已过期',
  'Export incomplete': '导出不完整',
  'Invalid header row': '表头无效',
  'Not retired': '项目未停办',
  'Payouts refused': '付款被拒绝',
  'Program retired': '项目已停办',
  'Retirement in force': '停办已生效',
  'Unreadable file': '文件无法读取',
  'Workflow unavailable': '审批流程暂不可用',
};

/**
 * The language of an API answer: the best `Accept-Language` range we speak (`zh` and every `zh-*`
 * are Chinese, `en-*` English), else English, what the API has always answered machines with.
 */
export function apiLang(acceptLanguage: string | undefined): Lang {
  for (const { tag } of parseAcceptLanguage(acceptLanguage)) {
    const primary = tag.split('-')[0];
    if (primary === 'en' || primary === 'zh') return primary;
  }
  return 'en';
}

/** A problem title in `lang` (the English title itself when no Chinese one is known). */
export function problemTitle(title: string, lang: Lang): string {
  return lang === 'zh' ? (ZH_TITLES[title] ?? title) : title;
}
