/**
 * 评议结果 as charts: plain SVG, no chart library. Every figure is written
 * next to its bar (count and share), so the chart reads from a distance and
 * the numbers can be checked against what was counted.
 */
import * as v from 'valibot';
import {
  type ChoiceResult,
  checkResult,
  type MatrixResult,
  type QuestionResult,
  type RatingResult,
  type RepresentativeEvaluation,
  ResultFacts,
  type UnitResult,
} from '../../../contract/questionnaire/result.ts';
import { formatDate } from '../shared/format.ts';
import { st } from './messages.ts';
import './survey.css';

const pct = (count: number, n: number) => (n > 0 ? `${Math.round((count / n) * 100)}%` : '0%');
const num = (x: number) => x.toFixed(2);

/** Good to bad: scored columns by score, best first; unscored ones (不了解) grey. */
const SCALE = ['#1d5e2a', '#5c9c46', '#b8a32e', '#d9822b', '#b3261e', '#7a1212'];
function columnColours(columns: MatrixResult['columns']): string[] {
  const scored = columns
    .map((c, i) => ({ i, score: c.score }))
    .filter((c) => c.score !== undefined)
    .sort((a, b) => b.score! - a.score!);
  const out = columns.map(() => '#9a9a9a');
  scored.forEach((c, rank) => {
    out[c.i] = SCALE[scored.length <= 1 ? 0 : Math.round((rank / (scored.length - 1)) * (SCALE.length - 2))]!;
  });
  return out;
}

const ORDER: Record<QuestionResult['type'], number> = { rating: 0, matrix: 1, choice: 2, text: 3 };

interface Size {
  w: number;
  font: number;
}

function ChoiceChart({ q, size }: { q: ChoiceResult; size: Size }) {
  const { w, font } = size;
  const row = font * 2.9;
  const barMax = w - font * 7.5;
  const max = Math.max(1, ...q.options.map((o) => o.count));
  const h = q.options.length * row + 4;
  return (
    <svg class="chart" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={q.options.map((o) => `${o.text} ${o.count}`).join(',')}>
      {q.options.map((o, i) => {
        const y = i * row;
        const bw = (o.count / max) * barMax;
        return (
          <g key={o.text}>
            <text x={0} y={y + font} font-size={font} class="chart-label">
              {o.text}
            </text>
            <rect x={0} y={y + font * 1.35} width={Math.max(bw, 2)} height={font * 1.15} rx={3} class="bar" />
            <text x={bw + 10} y={y + font * 2.25} font-size={font * 0.92} class="chart-value">
              {st('people', { n: o.count })} · {pct(o.count, q.n)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function RatingChart({ q, size }: { q: RatingResult; size: Size }) {
  const { w, font } = size;
  const points = q.counts.length;
  const slot = w / points;
  const top = font * 1.6;
  const plot = font * 7;
  const h = top + plot + font * 2.6;
  const max = Math.max(1, ...q.counts);
  return (
    <svg class="chart" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={q.counts.map((c, i) => `${q.min + i}:${c}`).join(',')}>
      {q.counts.map((c, i) => {
        const bh = (c / max) * plot;
        const x = i * slot + slot * 0.2;
        const bw = slot * 0.6;
        return (
          <g key={i}>
            <rect x={x} y={top + plot - Math.max(bh, 2)} width={bw} height={Math.max(bh, 2)} rx={3} class="bar" />
            <text x={x + bw / 2} y={top + plot - bh - font * 0.4} font-size={font * 0.92} text-anchor="middle" class="chart-value">
              {st('people', { n: c })}
            </text>
            <text x={x + bw / 2} y={top + plot + font * 1.2} font-size={font} text-anchor="middle" class="chart-label">
              {st('points', { n: q.min + i })}
            </text>
          </g>
        );
      })}
      {q.minText && (
        <text x={slot * 0.5} y={h - font * 0.3} font-size={font * 0.8} text-anchor="middle" class="chart-note">
          {q.minText}
        </text>
      )}
      {q.maxText && (
        <text x={w - slot * 0.5} y={h - font * 0.3} font-size={font * 0.8} text-anchor="middle" class="chart-note">
          {q.maxText}
        </text>
      )}
    </svg>
  );
}

function MatrixChart({ q, size }: { q: MatrixResult; size: Size }) {
  const { w, font } = size;
  const colours = columnColours(q.columns);
  const legend = font * 2;
  const row = font * 4.1;
  const barW = w - font * 5.5;
  const h = legend + q.rows.length * row;
  let lx = 0;
  return (
    <svg class="chart" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={q.rows.map((r) => `${r.text}:${r.counts.join('/')}`).join(';')}>
      {q.columns.map((c, i) => {
        const x = lx;
        lx += font * (c.text.length + 2.2);
        return (
          <g key={c.text}>
            <rect x={x} y={font * 0.2} width={font * 0.9} height={font * 0.9} fill={colours[i]} />
            <text x={x + font * 1.2} y={font} font-size={font * 0.9} class="chart-label">
              {c.text}
            </text>
          </g>
        );
      })}
      {q.rows.map((r, ri) => {
        const y = legend + ri * row;
        let x = 0;
        return (
          <g key={r.text}>
            <text x={0} y={y + font} font-size={font} class="chart-label">
              {r.text}
            </text>
            {r.counts.map((c, ci) => {
              const sw = r.n > 0 ? (c / r.n) * barW : 0;
              const seg = (
                <rect key={ci} x={x} y={y + font * 1.35} width={sw} height={font * 1.15} fill={colours[ci]}>
                  <title>
                    {q.columns[ci]!.text} {c}
                  </title>
                </rect>
              );
              x += sw;
              return seg;
            })}
            {r.n === 0 && <rect x={0} y={y + font * 1.35} width={barW} height={font * 1.15} class="bar-empty" />}
            <text x={barW + 10} y={y + font * 2.25} font-size={font} class="chart-mean">
              {r.mean === null ? '—' : st('meanShort', { mean: num(r.mean) })}
            </text>
            <text x={0} y={y + font * 3.45} font-size={font * 0.82} class="chart-note">
              {r.n === 0 ? st('noAnswers') : q.columns.map((c, ci) => `${c.text} ${r.counts[ci]}`).join(' · ')}
              {r.n > 0 && r.n !== q.n ? `(${st('answeredBy', { n: r.n })})` : ''}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function QuestionFigure({ q, size }: { q: QuestionResult; size: Size }) {
  return (
    <figure class="result-q" data-question={q.name}>
      <figcaption>
        <span class="result-q-title">{q.title}</span>
        <span class="muted">{st('answeredBy', { n: q.n })}</span>
        {q.type === 'rating' && q.mean !== null && <strong class="result-mean">{st('mean', { mean: num(q.mean), max: q.max })}</strong>}
      </figcaption>
      {q.type === 'choice' && (
        <>
          <ChoiceChart q={q} size={size} />
          {q.multiple && <p class="muted small">{st('multipleNote')}</p>}
        </>
      )}
      {q.type === 'rating' && <RatingChart q={q} size={size} />}
      {q.type === 'matrix' && (
        <>
          <MatrixChart q={q} size={size} />
          {q.columns.some((c) => c.score !== undefined) && (
            <p class="muted small">
              {st('matrixMeanNote', {
                scores: q.columns
                  .filter((c) => c.score !== undefined)
                  .map((c) => `${c.text}=${c.score}`)
                  .join('、'),
              })}
              {q.columns.some((c) => c.score === undefined) &&
                st('matrixUnscored', {
                  unscored: q.columns
                    .filter((c) => c.score === undefined)
                    .map((c) => c.text)
                    .join('、'),
                })}
            </p>
          )}
        </>
      )}
      {q.type === 'text' && <p>{st('textCount', { n: q.n })}</p>}
    </figure>
  );
}

export function ResultCharts({ result: raw }: { result: ResultFacts }) {
  // The feed contract checks only the outline; numbers that do not add up are not drawn.
  const parsed = v.safeParse(ResultFacts, raw);
  if (!parsed.success || checkResult(parsed.output).length > 0)
    return (
      <p class="banner warn" role="alert">
        {st('resultBroken')}
      </p>
    );
  const result = parsed.output;
  // Text in an SVG scales with it: a narrower drawing keeps labels readable on a phone.
  const narrow = typeof matchMedia === 'function' && matchMedia('(max-width: 640px)').matches;
  const size: Size = narrow ? { w: 520, font: 24 } : { w: 1000, font: 26 };
  return (
    <section class="results" aria-label={st('resultHeading')}>
      <div class="result-head">
        <h3>{st('resultHeading')}</h3>
        {result.interimThrough && (
          <p class="banner warn" data-testid="result-interim">
            {st('resultInterim', { date: formatDate(result.interimThrough) })}
          </p>
        )}
        <p class="period">{st('resultPeriod', { from: formatDate(result.opensOn), to: formatDate(result.closesOn) })}</p>
        <p class="result-n" data-testid="result-n">
          {st('resultN', { n: result.n })}
        </p>
      </div>
      {/* The evaluation itself (ratings, areas) first; who answered and how they heard of it after. */}
      {[...result.questions]
        .sort((a, b) => ORDER[a.type] - ORDER[b.type])
        .map((q) => (
          <QuestionFigure key={q.name} q={q} size={size} />
        ))}
      {result.units && <UnitTable units={result.units} />}
      {result.representative && <RepresentativeTable r={result.representative} />}
    </section>
  );
}

/** The mean of a unit's rating questions (each question's mean, weighted by its answers). */
function unitMean(u: UnitResult): number | null {
  let sum = 0;
  let n = 0;
  for (const q of u.questions)
    if (q.type === 'rating' && q.mean !== null) {
      sum += q.mean * q.n;
      n += q.n;
    }
  return n ? Math.round((sum / n) * 100) / 100 : null;
}

/** 《政务公开评议制度》第六条: each unit's own result, as the office reports it to the unit. */
function UnitTable({ units }: { units: UnitResult[] }) {
  return (
    <figure class="result-units" data-testid="result-units">
      <figcaption>{st('unitsHeading')}</figcaption>
      <table>
        <thead>
          <tr>
            <th scope="col">{st('unitName')}</th>
            <th scope="col">{st('unitN')}</th>
            <th scope="col">{st('unitMean')}</th>
          </tr>
        </thead>
        <tbody>
          {units.map((u) => (
            <tr key={u.name}>
              <th scope="row">{u.name}</th>
              <td>{u.n}</td>
              <td>{unitMean(u) ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** 代表评议 (《政务公开评议制度》第四条(二)), as the office entered it. */
function RepresentativeTable({ r }: { r: RepresentativeEvaluation }) {
  return (
    <figure class="result-units" data-testid="result-representative">
      <figcaption>{st('repHeading')}</figcaption>
      <p>{st('repPanel', { panel: r.panel, date: formatDate(r.heldOn) })}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{st('unitName')}</th>
            <th scope="col">{st('repGrade')}</th>
            <th scope="col">{st('repNote')}</th>
          </tr>
        </thead>
        <tbody>
          {r.units.map((u) => (
            <tr key={u.name}>
              <th scope="row">{u.name}</th>
              <td>{u.grade}</td>
              <td>{u.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
