/** A small bar chart in inline SVG: one bar per period, its value written above it. */
export function BarChart(props: {
  title: string;
  points: { label: string; value: number | null }[];
  format: (value: number) => string;
}) {
  const width = 320;
  const height = 120;
  const top = 16;
  const bottom = 20;
  const values = props.points.map((point) => point.value ?? 0);
  const max = Math.max(...values, 0) || 1;
  const slot = width / Math.max(props.points.length, 1);
  const barWidth = Math.min(36, slot * 0.6);
  return (
    <svg
      role="img"
      aria-label={`${props.title}: ${props.points
        .map(
          (point) =>
            `${point.label} ${point.value === null ? "no data" : props.format(point.value)}`,
        )
        .join(", ")}`}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      style={{ maxWidth: "100%", display: "block" }}
    >
      <line x1={0} x2={width} y1={height - bottom} y2={height - bottom} stroke="#d8dcde" />
      {props.points.map((point, index) => {
        const value = point.value ?? 0;
        const barHeight = ((height - top - bottom) * value) / max;
        const x = index * slot + (slot - barWidth) / 2;
        const y = height - bottom - barHeight;
        return (
          <g key={point.label}>
            <rect x={x} y={y} width={barWidth} height={barHeight} fill="#1f73b7" rx={2} />
            <text x={x + barWidth / 2} y={y - 4} fontSize={10} textAnchor="middle" fill="#2f3941">
              {point.value === null ? "–" : props.format(point.value)}
            </text>
            <text
              x={x + barWidth / 2}
              y={height - 6}
              fontSize={10}
              textAnchor="middle"
              fill="#68737d"
            >
              {point.label.slice(5)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
