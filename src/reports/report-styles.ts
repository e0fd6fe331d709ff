/**
 * The HTML report's stylesheet, inline in the page. The print rules keep colours (the charts
 * mean nothing in grey), avoid splitting rows and charts across pages, and drop the width cap.
 */
export const REPORT_STYLES = `
:root { color-scheme: light; }
body { margin: 0; background: #fff; color: #1f2328;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 48px; }
h1 { font-size: 1.6em; margin: 0 0 8px; }
h2 { font-size: 1.2em; margin: 32px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
h3 { font-size: 1em; margin: 16px 0 4px; }
.summary { font-size: 1.05em; background: #f6f8fa; border-left: 4px solid #2f6fde; padding: 8px 12px; }
.empty { font-size: 1.1em; }
table { border-collapse: collapse; margin: 8px 0 12px; font-size: 0.92em; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 8px 0; }
figcaption { font-size: 0.85em; color: #57606a; }
svg.chart { max-width: 100%; height: auto; font-size: 12px; fill: #1f2328; }
svg.chart text.value { fill: #57606a; }
.legend { font-size: 0.85em; margin: 4px 0; }
.swatch { display: inline-flex; align-items: center; margin-right: 16px; }
.swatch span { display: inline-block; width: 12px; height: 12px; margin-right: 6px; }
.phases > li { margin-bottom: 8px; }
.time { color: #57606a; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
  tr, figure, svg { break-inside: avoid; }
  .summary { border-left-color: #1f2328; }
  @page { margin: 15mm; }
}
`;
