import { escapeHtml as e } from '../html.ts';
import { formatFen } from '../money.ts';
import { type ExportPeriod, periodLabel } from './period.ts';
import { type EvaluationRow, type PublishedRow, SUPPRESSED_MARK } from './rows.ts';

const pct = (bp: number | null) => (bp === null ? '—' : `${(bp / 100).toFixed(1)}%`);
const yuan = (fen: number) => `¥${formatFen(fen)}`;
const orDash = (v: number | null) => (v === null ? '—' : String(v));
const MARK = e(SUPPRESSED_MARK);

interface Bar {
  readonly label: string;
  readonly valueBp: number;
  readonly markBp: number;
  readonly text: string;
}

/** Horizontal bars (0–100%) with a mark per bar (the target, or the budget), as inline SVG. */
function barChart(title: string, bars: readonly Bar[], legend: readonly [string, string]): string {
  const rowH = 22;
  const labelW = 150;
  const plotW = 420;
  const height = bars.length * rowH + 40;
  const x = (bp: number) => labelW + (Math.min(Math.max(bp, 0), 10_000) / 10_000) * plotW;
  const rows = bars
    .map((bar, i) => {
      const y = 10 + i * rowH;
      const ok = bar.valueBp >= bar.markBp;
      return [
        `<text x="${labelW - 6}" y="${y + 14}" text-anchor="end">${e(bar.label)}</text>`,
        `<rect x="${labelW}" y="${y + 3}" width="${(x(bar.valueBp) - labelW).toFixed(1)}" height="14" class="${ok ? 'ok' : 'low'}"/>`,
        `<line x1="${x(bar.markBp).toFixed(1)}" x2="${x(bar.markBp).toFixed(1)}" y1="${y}" y2="${y + 20}" class="mark"/>`,
        `<text x="${(x(Math.max(bar.valueBp, bar.markBp)) + 6).toFixed(1)}" y="${y + 14}">${e(bar.text)}</text>`,
      ].join('');
    })
    .join('');
  const axisY = 10 + bars.length * rowH + 4;
  const ticks = [0, 2500, 5000, 7500, 10_000]
    .map((bp) => `<text x="${x(bp).toFixed(1)}" y="${axisY + 14}" text-anchor="middle">${bp / 100}%</text>`)
    .join('');
  return `<figure><figcaption>${e(title)}</figcaption><svg role="img" aria-label="${e(title)}" viewBox="0 0 ${labelW + plotW + 130} ${height}" width="100%">${rows}<line x1="${labelW}" x2="${labelW + plotW}" y1="${axisY}" y2="${axisY}" class="axis"/>${ticks}</svg><p class="legend"><span class="key ok"></span>${e(legend[0])} <span class="key mark"></span>${e(legend[1])}</p></figure>`;
}

/** A published row's figures (a suppressed row has none), as the report's tables and charts use them. */
type Shown = PublishedRow & EvaluationRow;
const shown = (r: PublishedRow): r is Shown => !r.suppressed;

function table(rows: readonly PublishedRow[], first: (r: PublishedRow) => string, firstHead: string): string {
  const head = [
    firstHead,
    '在册会员<br>Registered',
    '服务会员<br>Served',
    '服务人次<br>Visits',
    '覆盖率<br>Coverage',
    '目标<br>Target',
    '申请<br>Claims',
    '已付/驳回/失败/办理中<br>Paid/Rej./Failed/Open',
    '支付金额<br>Paid',
    '预算<br>Budget',
    '预算使用率<br>Budget used',
    '审批时长 中位/P90（分钟）<br>Turnaround p50/p90 (min)',
    '满意度<br>Satisfaction',
    '风险标记/确认<br>Flags/confirmed',
  ];
  const body = rows
    .map((r) =>
      !shown(r)
        ? `<tr class="suppressed"><th scope="row">${first(r)}</th><td>${r.registeredMembers}</td>` +
          `<td colspan="${head.length - 2}">${MARK}</td></tr>`
        : `<tr><th scope="row">${first(r)}</th><td>${r.registeredMembers}</td><td>${r.membersServed}</td><td>${r.servedVisits}</td>` +
          `<td class="${r.meetsCoverageTarget === false ? 'low' : ''}">${pct(r.coverageBp)}</td><td>${pct(r.coverageTargetBp)}</td>` +
          `<td>${r.claimsSubmitted}</td><td>${r.claimsPaid}/${r.claimsRejected}/${r.claimsFailed}/${r.claimsOpen}</td>` +
          `<td>${yuan(r.amountPaidFen)}</td><td>${yuan(r.budgetAllocatedFen)}</td>` +
          `<td class="${r.meetsServiceSpendFloor === false ? 'low' : ''}">${pct(r.budgetUsedBp)}</td>` +
          `<td>${orDash(r.turnaroundMedianMinutes)} / ${orDash(r.turnaroundP90Minutes)}</td>` +
          `<td>${r.satisfactionMean === null ? '—' : `${r.satisfactionMean.toFixed(2)} (n=${r.satisfactionCount})`}</td>` +
          `<td>${r.fraudFlagsRaised}/${r.fraudFlagsConfirmed}</td></tr>`,
    )
    .join('');
  return `<div class="scroll"><table><thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table></div>`;
}

const STYLE = `body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif;margin:24px;color:#1d2433;max-width:1200px}
h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ccd;padding-bottom:4px}
.summary{display:flex;flex-wrap:wrap;gap:12px}.summary div{border:1px solid #ccd;border-radius:6px;padding:8px 12px;min-width:150px}
.summary b{display:block;font-size:20px}
table{border-collapse:collapse;font-size:12px}th,td{border:1px solid #dde;padding:3px 6px;text-align:right;white-space:nowrap}
th[scope=row]{text-align:left}thead th{background:#f2f4f8;text-align:center}
.scroll{overflow-x:auto}td.low{color:#b3261e;font-weight:bold}
figure{margin:12px 0}figcaption{font-weight:bold;margin-bottom:4px}
svg text{font-size:11px;fill:#1d2433}svg .ok,.key.ok{fill:#2e7d32;background:#2e7d32}svg .low{fill:#e0a030}
svg .mark{stroke:#b3261e;stroke-width:2}.key.mark{background:#b3261e}svg .axis{stroke:#889}
.key{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}
.legend,.note{font-size:12px;color:#556}`;

/**
 * The evaluation as one self-contained HTML file (inline CSS and SVG, no script, no network): a summary,
 * coverage against the target per district, spend against budget per program, and the tables, in
 * Chinese and English. Every text from the data is escaped.
 */
export function evaluationHtml(opts: {
  readonly period: ExportPeriod;
  readonly exportId: string;
  readonly generatedAt: string;
  readonly rows: readonly PublishedRow[];
  readonly servedMembers: number;
}): string {
  const { rows } = opts;
  const city = rows.filter(shown).find((r) => r.level === 'city' && r.program === '*');
  const districts = rows.filter((r) => r.level === 'district' && r.program === '*');
  const programs = rows.filter((r) => r.level === 'city' && r.program !== '*');
  const units = rows.filter((r) => r.level === 'unit' && r.program === '*');
  const label = periodLabel(opts.period);
  const coverageChart = barChart(
    '各区/产业工会覆盖率与目标 · Coverage against target per district / industry union',
    districts.filter(shown).map((d) => ({
      label: d.unitName,
      valueBp: d.coverageBp ?? 0,
      markBp: d.coverageTargetBp,
      text: `${pct(d.coverageBp)} / ${pct(d.coverageTargetBp)}`,
    })),
    ['覆盖率 coverage', '目标 target'],
  );
  const spendChart = barChart(
    '各项目支出与预算 · Spend against budget per program (paid ÷ allocated; mark: 70% floor)',
    programs
      .filter(shown)
      .filter((p) => p.budgetAllocatedFen > 0 || p.amountPaidFen > 0)
      .map((p) => ({
        label: p.program,
        valueBp: p.budgetUsedBp ?? 0,
        markBp: p.serviceSpendFloorBp,
        text: `${yuan(p.budgetPaidFen)} / ${yuan(p.budgetAllocatedFen)}`,
      })),
    ['已用 spent', '70% 下限 floor'],
  );
  const summary = city
    ? `<div class="summary">
<div>在册会员 Registered<b>${city.registeredMembers}</b></div>
<div>服务会员 Members served<b>${city.membersServed}</b></div>
<div>覆盖率 Coverage<b>${pct(city.coverageBp)}</b>目标 target ${pct(city.coverageTargetBp)}</div>
<div>服务人次 Visits<b>${city.servedVisits}</b></div>
<div>支付 Paid<b>${yuan(city.amountPaidFen)}</b>${city.payments} 笔 payments</div>
<div>预算使用率 Budget used<b>${pct(city.budgetUsedBp)}</b>下限 floor ${pct(city.serviceSpendFloorBp)}</div>
<div>满意度 Satisfaction<b>${city.satisfactionMean === null ? '—' : city.satisfactionMean.toFixed(2)}</b>n=${city.satisfactionCount}</div>
<div>风险标记 Fraud flags<b>${city.fraudFlagsRaised}</b>确认 confirmed ${city.fraudFlagsConfirmed}</div>
</div>`
    : '';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>第三方评估统计 ${e(label)} · Evaluation statistics ${e(label)}</title><style>${STYLE}</style></head>
<body>
<h1>职工服务项目第三方评估统计 ${e(label)}<br><small>Member-service programs: statistics for the third-party evaluation, ${e(label)}</small></h1>
<p class="note">导出编号 Export ${e(opts.exportId)} · 生成于 generated ${e(opts.generatedAt)} · 会员仅以本次导出内的化名出现 members appear only under pseudonyms valid within this export · 金额单位元 amounts in CNY</p>
${summary}
<h2>覆盖率 Coverage</h2>${coverageChart}
<h2>资金使用 Fund use</h2>${spendChart}
<h2>各区/产业工会 Districts and industry unions</h2>${table(districts, (r) => `${e(r.unitName)}<br>${e(r.unitNameEn)}`, '单位 Union')}
<h2>各项目（全市） Programs (city)</h2>${table(programs, (r) => e(r.program), '项目 Program')}
<h2>基层工会 Grassroots unions</h2>${table(units, (r) => `${e(r.unitCode)} ${e(r.unitName)}`, '单位 Union')}
<p class="note">覆盖率 = 期内服务过的会员（已支付申请或服务到访）÷ 在册会员；审批时长为提交至最终审批决定的分钟数。 Coverage = members served in the period (a paid claim or a service visit) ÷ registered members; turnaround is minutes from submission to the final approval decision. ${opts.servedMembers} members served appear in the JSON Lines file under pseudonyms. 少于 5 名会员的组不公布数字（${MARK}），其会员不列出；为防止相减推算，同一汇总中另一最小组一并隐去。 Groups of fewer than 5 members show no figures (${MARK}) and list no members; so that none can be worked out by subtraction, the next-smallest group of the same total is hidden too.</p>
</body></html>
`;
}
