import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import { call, inBatches } from './api.js';
import { providers } from './i18n.js';
import { formatFen } from './money.js';
import { addDays, dayStartSeconds, shanghaiDay, shanghaiZone } from './time.js';
import { html, Money, ProblemNote, useLoad, useT, ViewHeading } from './ui.js';

const chartDays = 30;
/** Report calls in flight at once while the chart loads. */
const parallelReports = 5;
const colours = { tcc: '#1f5fbf', zhixiao: '#178a4c', shouqianba: '#c25e00' };

const dailyReport = (day) => call('GET', `v1/reports/daily/${day}`);

const total = (rows, pick) => rows.reduce((sum, r) => sum + pick(r), 0);

/** One day's report: per provider paid, refunded, canceled and still in review, with a totals row. */
const DayTable = ({ report }) => {
  const t = useT();
  const rows = report.providers;
  const line = (label, r, header) => html`<tr>
    ${header ? html`<th scope="row">${label}</th>` : html`<td>${label}</td>`}
    <td class="num">${r.paid.count}</td><td class="num"><${Money} fen=${r.paid.amount} /></td>
    <td class="num">${r.refunded.count}</td><td class="num"><${Money} fen=${r.refunded.amount} /></td>
    <td class="num">${r.canceled.count}</td><td class="num">${r.needsReview.count}</td>
  </tr>`;
  const sum = {
    paid: { count: total(rows, (r) => r.paid.count), amount: total(rows, (r) => r.paid.amount) },
    refunded: { count: total(rows, (r) => r.refunded.count), amount: total(rows, (r) => r.refunded.amount) },
    canceled: { count: total(rows, (r) => r.canceled.count) },
    needsReview: { count: total(rows, (r) => r.needsReview.count) },
  };
  return html`<div class="table-wrap"><table class="day-report">
    <caption>${t('reports.dayCaption', { date: report.date })}</caption>
    <thead>
      <tr>
        <th scope="col" rowspan="2">${t('field.provider')}</th>
        <th scope="colgroup" colspan="2">${t('reports.paidHeader')}</th>
        <th scope="colgroup" colspan="2">${t('reports.refundedHeader')}</th>
        <th scope="col" rowspan="2">${t('reports.canceled')}</th>
        <th scope="col" rowspan="2">${t('reports.needsReview')}</th>
      </tr>
      <tr>
        <th scope="col">${t('reports.count')}</th><th scope="col">${t('reports.amount')}</th>
        <th scope="col">${t('reports.count')}</th><th scope="col">${t('reports.amount')}</th>
      </tr>
    </thead>
    <tbody>${rows.map((r) => line(t(`provider.${r.provider}`), r, true))}</tbody>
    <tfoot>${line(t('reports.total'), sum, true)}</tfoot>
  </table></div>`;
};

/** The chart's series: per provider, paid and refunded fen per day. */
const seriesOf = (reports) =>
  providers.flatMap((provider) =>
    ['paid', 'refunded'].map((kind) => ({
      provider,
      kind,
      values: reports.map((r) => r.providers.find((p) => p.provider === provider)?.[kind].amount ?? 0),
    })),
  );

/** Paid and refunded per provider over the 30 days up to today, drawn with uPlot, its numbers in a table too. */
const MonthChart = ({ reports }) => {
  const t = useT();
  const box = useRef(null);
  const series = seriesOf(reports);
  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const money = (_u, v) => (v == null ? '—' : formatFen(Math.round(v)));
    const plot = new uPlot(
      {
        width: el.clientWidth,
        height: 280,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), shanghaiZone),
        scales: { x: { time: true } },
        axes: [{}, { values: (u, ticks) => ticks.map((v) => money(u, v)), size: 80 }],
        series: [
          { label: t('reports.day'), value: (_u, ts) => (ts == null ? '—' : shanghaiDay(ts * 1000)) },
          ...series.map((s) => ({
            label: `${t(`provider.${s.provider}`)} ${t(`reports.${s.kind}`)}`,
            stroke: colours[s.provider],
            width: 2,
            dash: s.kind === 'refunded' ? [6, 4] : undefined,
            value: money,
          })),
        ],
      },
      [reports.map((r) => dayStartSeconds(r.date)), ...series.map((s) => s.values)],
      el,
    );
    const resize = () => plot.setSize({ width: el.clientWidth, height: 280 });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      plot.destroy();
    };
  }, [reports, t]);
  return html`<figure class="chart">
    <div ref=${box} class="chart-box" role="img" aria-label=${t('reports.chartLabel')}></div>
    <figcaption>${t('reports.chartCaption')}</figcaption>
    <details>
      <summary>${t('reports.chartData')}</summary>
      <div class="table-wrap"><table class="chart-data">
        <thead><tr>
          <th scope="col">${t('reports.day')}</th>
          ${series.map((s) => html`<th scope="col">${t(`provider.${s.provider}`)} ${t(`reports.${s.kind}`)}</th>`)}
        </tr></thead>
        <tbody>
          ${reports.map(
            (r, i) => html`<tr key=${r.date}>
              <th scope="row">${r.date}</th>
              ${series.map((s) => html`<td class="num"><${Money} fen=${s.values[i]} /></td>`)}
            </tr>`,
          )}
        </tbody>
      </table></div>
    </details>
  </figure>`;
};

/** The day's totals for a chosen day, and the last 30 days as a chart. */
export const Reports = () => {
  const t = useT();
  const today = shanghaiDay();
  const [day, setDay] = useState(today);
  const dayReport = useLoad(() => dailyReport(day), [day]);
  const month = useLoad(
    () =>
      inBatches(
        Array.from({ length: chartDays }, (_, i) => () => dailyReport(addDays(today, i - chartDays + 1))),
        parallelReports,
      ),
    [today],
  );
  return html`<section>
    <${ViewHeading}>${t('reports.title')}<//>
    <div class="field inline-field">
      <label for="report-day">${t('reports.pickDay')}</label>
      <input id="report-day" type="date" value=${day} max=${today}
        onChange=${(e) => e.currentTarget.value && setDay(e.currentTarget.value)} />
    </div>
    <${ProblemNote} error=${dayReport.error} />
    ${dayReport.data ? html`<${DayTable} report=${dayReport.data} />` : html`<p aria-live="polite">${t('common.loading')}</p>`}
    <h2>${t('reports.monthTitle')}</h2>
    <${ProblemNote} error=${month.error} />
    ${month.data ? html`<${MonthChart} reports=${month.data} />` : month.error ? null : html`<p aria-live="polite">${t('common.loading')}</p>`}
  </section>`;
};
