/** Why a row of a member list was not accepted: Chinese, then English. */
export const REASONS = {
  required: '必填 / is required',
  unterminatedQuote:
    '引号未闭合，本行一直延续到文件末尾 / a quote is not closed; this row runs to the end of the file',
  nameTooLong: '姓名不能超过 50 个字符 / name must be at most 50 characters',
  nameControl: '姓名含有不可见的控制字符 / name contains control characters',
  idScientific:
    '身份证号被 Excel 转成了科学计数法，请把该列设为文本后重新导出 / Excel turned the ID number into scientific notation; format the column as text and export again',
  idFormat:
    '身份证号应为 18 位：17 位数字加 1 位数字或 X / ID number must be 18 characters: 17 digits and a digit or X',
  idBirthDate: '身份证号中的出生日期无效 / the birth date in the ID number is not a real date',
  idCheckDigit: '身份证校验位错误 / ID number check digit is wrong',
  duplicateId: (firstRow: number) =>
    `与第 ${firstRow} 行的身份证号重复 / the same ID number as row ${firstRow}`,
  mobile: '手机号应为 11 位大陆手机号 / mobile must be an 11-digit mainland mobile number',
  unknownUnit: '基层工会代码不存在 / unknown unit code',
  notGrassroots: '会员只能登记在基层工会 / members belong to a grassroots union',
  unitOutOfScope: '该单位不在您的管辖范围内 / unit outside your scope',
  memberOutOfScope: '该会员现属单位不在您的管辖范围内 / this member belongs to a unit outside your scope',
  date: '日期应写作 2023-01-09、2023/1/9 或 2023年1月9日 / a date must look like 2023-01-09, 2023/1/9 or 2023年1月9日',
  joinedInFuture: '入会日期不能晚于今天 / join date must not be in the future',
  joinedBeforeBirth: '入会日期不能早于出生日期 / join date must not be before the birth date',
  status: '会籍状态应为 在会、暂停 或 离会 / status must be active, suspended or left',
  leftOnRequired: '离会会员须填写离会日期 / a member who left needs a leaving date',
  leftOnNotAllowed: '只有离会会员才填写离会日期 / only a member who left has a leaving date',
  leftBeforeJoined: '离会日期不能早于入会日期 / leaving date must not be before the join date',
  leftInFuture: '离会日期不能晚于今天 / leaving date must not be in the future',
  flag: '应填 是 或 否 / must be 是 or 否 (Y/N, 1/0, true/false)',
} as const;
