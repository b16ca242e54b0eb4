/**
 * Plain SVG charts (no chart library): a labelled bar chart with an optional target line. Each chart is an
 * image with a title and a text description; the figures are also printed beside it for screen readers
 * and for anyone who prefers numbers.
 */
import { useId } from 'preact/hooks';

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** What is printed at the bar's end (defaults to the value). */
  readonly text?: string;
}

const WIDTH = 320;
const ROW = 28;
const LABEL = 96;

/** Horizontal bars from 0 to `max`; `target` draws a dashed line with its label. */
export function BarChart(props: {
  title: string;
  description: string;
  bars: readonly Bar[];
  max: number;
  target?: { value: number; label: string };
}) {
  const id = useId();
  const scale = (v: number) =>
    props.max <= 0 ? 0 : (Math.max(0, Math.min(v, props.max)) / props.max) * (WIDTH - LABEL - 56);
  const height = props.bars.length * ROW + (props.target === undefined ? 8 : 28);
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      role="img"
      aria-labelledby={`${id}-t ${id}-d`}
    >
      <title id={`${id}-t`}>{props.title}</title>
      <desc id={`${id}-d`}>{props.description}</desc>
      {props.bars.map((bar, i) => (
        <g key={bar.label} transform={`translate(0 ${i * ROW + 4})`}>
          <text x={LABEL - 6} y={ROW / 2} text-anchor="end" dominant-baseline="middle" class="chart-label">
            {bar.label}
          </text>
          <rect x={LABEL} y={4} width={Math.max(1, scale(bar.value))} height={ROW - 10} class="chart-bar" />
          <text x={LABEL + scale(bar.value) + 4} y={ROW / 2} dominant-baseline="middle" class="chart-value">
            {bar.text ?? String(bar.value)}
          </text>
        </g>
      ))}
      {props.target !== undefined && (
        <g>
          <line
            x1={LABEL + scale(props.target.value)}
            x2={LABEL + scale(props.target.value)}
            y1={0}
            y2={props.bars.length * ROW + 6}
            class="chart-target"
          />
          <text
            x={LABEL + scale(props.target.value)}
            y={props.bars.length * ROW + 20}
            text-anchor="middle"
            class="chart-label"
          >
            {props.target.label}
          </text>
        </g>
      )}
    </svg>
  );
}
