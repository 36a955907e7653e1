// A small SVG line chart, written by hand (no chart library): throughput and p99 latency against
// catalogue size, log-log, one line per store/protocol/position, the ceiling as a reference line.

export interface Series {
  label: string;
  color: string;
  dashed?: boolean;
  points: { x: number; y: number }[];
}

export interface Panel {
  title: string;
  yLabel: string;
  series: Series[];
  /** Horizontal reference lines (e.g. the bare-node ceiling). */
  references?: { label: string; y: number; color: string }[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}K` : n >= 1 ? String(Math.round(n * 10) / 10) : String(Math.round(n * 1000) / 1000));

function panelSvg(panel: Panel, x0: number, y0: number, w: number, h: number, xs: number[]): string {
  const m = { left: 62, right: 16, top: 30, bottom: 40 };
  const pw = w - m.left - m.right;
  const ph = h - m.top - m.bottom;
  const ys = [...panel.series.flatMap((s) => s.points.map((p) => p.y)), ...(panel.references ?? []).map((r) => r.y)].filter((y) => y > 0 && Number.isFinite(y));
  if (ys.length === 0) ys.push(1, 10);
  const lo = Math.floor(Math.log10(Math.min(...ys)));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...ys))));
  const xlo = Math.log10(Math.min(...xs));
  const xhi = Math.max(xlo + 1, Math.log10(Math.max(...xs)));
  const X = (x: number) => x0 + m.left + ((Math.log10(x) - xlo) / (xhi - xlo)) * pw;
  const Y = (y: number) => y0 + m.top + ph - ((Math.log10(y) - lo) / (hi - lo)) * ph;
  const out: string[] = [];
  out.push(`<text x="${x0 + m.left}" y="${y0 + 18}" font-size="13" font-weight="bold">${esc(panel.title)}</text>`);
  // Grid: decades and 2x/5x minor lines.
  for (let d = lo; d <= hi; d++) {
    for (const k of [1, 2, 5]) {
      const v = k * 10 ** d;
      if (Math.log10(v) > hi + 1e-9) continue;
      const y = Y(v);
      out.push(`<line x1="${x0 + m.left}" x2="${x0 + m.left + pw}" y1="${y}" y2="${y}" stroke="${k === 1 ? '#ccc' : '#eee'}"/>`);
      if (k === 1 || hi - lo <= 2) out.push(`<text x="${x0 + m.left - 6}" y="${y + 4}" font-size="10" text-anchor="end">${fmt(v)}</text>`);
    }
  }
  for (const x of xs) {
    out.push(`<line x1="${X(x)}" x2="${X(x)}" y1="${y0 + m.top}" y2="${y0 + m.top + ph}" stroke="#eee"/>`);
    out.push(`<text x="${X(x)}" y="${y0 + m.top + ph + 14}" font-size="10" text-anchor="middle">${fmt(x)}</text>`);
  }
  out.push(`<rect x="${x0 + m.left}" y="${y0 + m.top}" width="${pw}" height="${ph}" fill="none" stroke="#888"/>`);
  out.push(`<text x="${x0 + m.left + pw / 2}" y="${y0 + h - 8}" font-size="11" text-anchor="middle">private images in the account (log scale)</text>`);
  out.push(`<text transform="translate(${x0 + 14},${y0 + m.top + ph / 2}) rotate(-90)" font-size="11" text-anchor="middle">${esc(panel.yLabel)}</text>`);
  for (const r of panel.references ?? []) {
    out.push(`<line x1="${x0 + m.left}" x2="${x0 + m.left + pw}" y1="${Y(r.y)}" y2="${Y(r.y)}" stroke="${r.color}" stroke-dasharray="2,3" stroke-width="1.5"/>`);
    out.push(`<text x="${x0 + m.left + pw - 4}" y="${Y(r.y) - 4}" font-size="10" text-anchor="end" fill="${r.color}">${esc(r.label)}</text>`);
  }
  for (const s of panel.series) {
    const pts = s.points.filter((p) => p.y > 0 && Number.isFinite(p.y));
    if (pts.length === 0) continue;
    const d = pts.map((p, i) => `${i ? 'L' : 'M'}${X(p.x).toFixed(1)},${Y(p.y).toFixed(1)}`).join(' ');
    out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6,4"' : ''}/>`);
    for (const p of pts) out.push(`<circle cx="${X(p.x).toFixed(1)}" cy="${Y(p.y).toFixed(1)}" r="3" fill="${s.color}"/>`);
  }
  return out.join('\n');
}

export function lineChart(panels: Panel[], caption: string): string {
  const w = 470;
  const h = 320;
  const xs = [...new Set(panels.flatMap((p) => p.series.flatMap((s) => s.points.map((q) => q.x))))].sort((a, b) => a - b);
  if (xs.length === 0) xs.push(1000);
  const legend = panels[0]?.series ?? [];
  const legendRows = Math.ceil(legend.length / 3);
  const width = w * panels.length;
  const height = h + 24 + legendRows * 18 + 20;
  const parts = panels.map((p, i) => panelSvg(p, i * w, 0, w, h, xs));
  const items = legend.map((s, i) => {
    const lx = 20 + (i % 3) * 310;
    const ly = h + 20 + Math.floor(i / 3) * 18;
    return `<line x1="${lx}" x2="${lx + 28}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6,4"' : ''}/><text x="${lx + 34}" y="${ly}" font-size="11">${esc(s.label)}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">
<rect width="100%" height="100%" fill="white"/>
${parts.join('\n')}
${items.join('\n')}
<text x="20" y="${height - 6}" font-size="10" fill="#555">${esc(caption)}</text>
</svg>
`;
}
