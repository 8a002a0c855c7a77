// report.html's CSS, kept apart from the markup so the page's look can change without touching its content.
#include "daemon/report/report_style.hpp"

namespace smsgw::report {

std::string_view report_css() {
    // Fonts the machine already has (Cyrillic included in all of them); nothing is downloaded.
    return R"css(
:root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f3f5f8;--card:#fff;--navy:#102a43}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",Arial,sans-serif;color:var(--ink);background:var(--bg)}
header.top{background:var(--navy);color:#fff;padding:22px 32px 18px}
header.top h1{margin:0 0 4px;font-size:24px;font-weight:700;letter-spacing:.2px}
header.top .meta{color:#bcccdc;font-size:13px}
nav.toc{margin-top:12px;display:flex;flex-wrap:wrap;gap:8px}
nav.toc a{color:#d9e2ec;text-decoration:none;font-size:13px;padding:3px 10px;border:1px solid #334e68;border-radius:999px}
nav.toc a:hover{background:#243b53}
main{max-width:1200px;margin:0 auto;padding:18px 24px 40px}
h2{font-size:19px;margin:28px 0 10px;color:var(--navy)}
h3{font-size:17px;margin:0 0 2px}
.banner{background:#fff8e1;border:1px solid #ffe082;color:#6d4c00;border-radius:8px;padding:10px 14px;margin:14px 0;font-size:14px}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(250px,1fr));gap:14px;margin-top:14px}
.tile{background:var(--card);border-radius:10px;padding:14px 18px;box-shadow:0 1px 2px rgba(16,42,67,.08),0 2px 10px rgba(16,42,67,.05);border-top:4px solid var(--accent,#4e79a7)}
.tile .label{font-size:13px;color:var(--muted)}
.tile .big{font-size:30px;font-weight:700;line-height:1.15}
.tile .big small{font-size:15px;font-weight:500;color:var(--muted)}
.tile .sub{font-size:13px;color:var(--muted);margin-top:4px}
.card{background:var(--card);border-radius:10px;padding:16px 20px 12px;margin:14px 0;box-shadow:0 1px 2px rgba(16,42,67,.08),0 2px 10px rgba(16,42,67,.05)}
.card .head{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:6px 16px;margin-bottom:6px}
.card .facts{font-size:13px;color:var(--muted)}
.grid2{display:grid;grid-template-columns:repeat(auto-fill,minmax(540px,1fr));gap:0 16px}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:8px 20px}
@media (max-width:900px){.cols{grid-template-columns:1fr}}
.sub-h{font-size:12px;font-weight:700;text-transform:uppercase;letter-spacing:.6px;color:var(--muted);margin:10px 0 2px}
.badge{display:inline-block;padding:2px 11px;border-radius:999px;font-size:12.5px;font-weight:700;white-space:nowrap}
.badge.win{background:#e3f4e4;color:#1b5e20}.badge.runoff{background:#e3eefc;color:#0d47a1}
.badge.und{background:#fff1de;color:#a04a00}.badge.nodata{background:#eceff1;color:#455a64}
svg.chart{width:100%;height:auto;display:block;margin:2px 0}
svg.chart text{font-family:inherit}
.chart .grid{stroke:#e6e9ee;stroke-width:1}
.chart .tick{font-size:11px;fill:#7b8794}
.chart .axis{font-size:12px;fill:#616e7c}
.chart .half{stroke:#9aa5b1;stroke-width:1.2;stroke-dasharray:5 4}
.chart .tag{font-size:13px;fill:#1f2933}
.chart .tagcode{font-weight:700}
.chart .track{fill:#eef1f5}
.chart .band{fill:#102a43;fill-opacity:.16}
.chart .whisker{stroke:#102a43;stroke-width:1.5;fill:none}
.chart .value{font-size:13px;font-weight:700;fill:#1f2933}
.chart .margin{font-weight:400;fill:#616e7c}
.chart .nodata{fill:#9aa5b1;font-weight:400}
.chart .official{stroke:#fff;stroke-width:1.3}
.chart .stable{stroke:#2e7d32;stroke-width:1.4;stroke-dasharray:2 3}
.chart .stablelabel{font-size:11px;fill:#2e7d32;font-weight:700}
.stability{font-size:13px;margin:2px 0 6px}
.chart .cband{fill-opacity:.14;stroke:none}
.chart .cline{fill:none;stroke-width:2.4;stroke-linejoin:round}
.chart .officialline{stroke-dasharray:7 4;stroke-width:1.6}
.chart .endlabel{font-size:12px;font-weight:700}
.legend{font-size:12.5px;color:var(--muted);display:flex;flex-wrap:wrap;gap:4px 16px;margin:2px 0 6px}
.legend i{display:inline-block;width:12px;height:12px;border-radius:3px;vertical-align:-1px;margin-right:5px}
.legend i.diamond{transform:rotate(45deg) scale(.8);border-radius:1px}
.measures{font-size:13.5px;margin:4px 0 8px}
.measures b{font-weight:700}
.notes{font-size:12px;color:var(--muted);margin:4px 0 0;padding-left:18px}
table{border-collapse:collapse;width:100%;font-size:13.5px;background:var(--card)}
th,td{padding:6px 9px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:#f7f9fb;font-weight:600;color:#52606d;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.small{font-size:12px;color:var(--muted)}
tbody tr:nth-child(even) td{background:#fbfcfd}
.scroll{overflow-x:auto;border-radius:10px;box-shadow:0 1px 2px rgba(16,42,67,.08),0 2px 10px rgba(16,42,67,.05)}
.scroll.inner{box-shadow:none;border-radius:0}
.chip{display:inline-block;padding:1px 9px;border-radius:999px;font-size:12px;font-weight:600;white-space:nowrap}
.chip.ok{background:#e3f4e4;color:#1b5e20}.chip.warn{background:#fff1de;color:#8a4b00}
.chip.bad{background:#fde7e9;color:#b71c1c}.chip.none{background:#eceff1;color:#455a64}
.calls{font-size:13.5px;margin:8px 0 4px}
.empty{color:var(--muted);font-style:italic;background:var(--card);border-radius:10px;padding:14px 18px}
details.regions{margin:8px 0}
details.regions summary{cursor:pointer;font-size:13.5px;color:#243b53;font-weight:600}
code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12.5px;background:#f0f3f7;padding:0 4px;border-radius:4px}
footer{color:var(--muted);font-size:12px;max-width:1200px;margin:0 auto;padding:0 24px 30px}
@media print{body{background:#fff}.card,.tile,.scroll{box-shadow:none;border:1px solid #ddd}header.top{background:#fff;color:#000}nav.toc{display:none}}
)css";
}

}  // namespace smsgw::report
