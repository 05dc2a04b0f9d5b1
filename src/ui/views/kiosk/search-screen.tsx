/**
 * Search (搜索): Chinese words or pinyin (full or initials), over titles and
 * bodies of current items and the archive; matches highlighted, results ranked.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Hit, Range, Scope, SearchResult } from '../../../device/search/search-index.ts';
import { t } from '../../i18n/index.ts';
import { navigate } from '../../shell/router.ts';
import { useSearchIndex, useSearchState } from '../../shell/search-hooks.ts';
import { formatDate } from '../shared/format.ts';

const SCOPES: Scope[] = ['all', 'current', 'archive'];

/** Text with its matched ranges in <mark> (a visible highlight that is also bold, not colour alone). */
export function Marked({ text, marks }: { text: string; marks: readonly Range[] }) {
  const parts = [];
  let at = 0;
  for (const [from, to] of marks) {
    if (from > at) parts.push(text.slice(at, from));
    parts.push(<mark key={from}>{text.slice(from, to)}</mark>);
    at = to;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}

function ResultCard({ hit }: { hit: Hit }) {
  const d = hit.doc;
  const archived = d.state !== 'current';
  return (
    <li>
      <button
        type="button"
        class="item-card search-hit"
        onClick={() => navigate(archived ? `/k/item/${d.id}/${d.rev}` : `/k/item/${d.id}`)}
      >
        <span class="item-title">
          <Marked text={d.title} marks={hit.title} />
        </span>
        {hit.snippet && (
          <span class="snippet">
            {hit.snippet.before && '…'}
            <Marked text={hit.snippet.text} marks={hit.snippet.marks} />
            {hit.snippet.after && '…'}
          </span>
        )}
        <span class="item-meta">
          {archived && <span class={`tag state-${d.state}`}>{t(`state_${d.state}`)}</span>}
          <span>{d.department}</span>
          <span>{formatDate(d.publishedAt)}</span>
        </span>
      </button>
    </li>
  );
}

export default function SearchScreen() {
  const index = useSearchIndex();
  const { query, setQuery, scope, setScope } = useSearchState();
  // The results follow a frame after the typed text: a key press paints at once.
  const [searched, setSearched] = useState(query);
  useEffect(() => {
    if (searched === query) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setSearched(query), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [query, searched]);
  const field = useRef<HTMLInputElement>(null);

  const result: SearchResult | undefined = useMemo(() => {
    if (!index || !searched.trim()) return undefined;
    performance.mark('zwgk:search:start');
    const r = index.search(searched, { scope });
    performance.measure('zwgk:search', { start: 'zwgk:search:start', detail: { query: searched, total: r.total } });
    return r;
  }, [index, searched, scope]);

  const pinyinWords = result && /[a-z]/i.test(searched) ? result.terms.filter((w) => /\p{Script=Han}/u.test(w)) : [];

  return (
    <section class="search" aria-labelledby="h-search">
      <h2 id="h-search">{t('search')}</h2>
      <div class="search-box">
        <label for="search-field" class="search-label">
          {t('searchLabel')}
        </label>
        <div class="search-row">
          <input
            ref={field}
            id="search-field"
            type="search"
            autocomplete="off"
            spellcheck={false}
            maxLength={40}
            value={query}
            aria-describedby="search-hint"
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
          {query && (
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setQuery('');
                field.current?.focus();
              }}
            >
              {t('searchClear')}
            </button>
          )}
        </div>
        <p id="search-hint" class="muted">
          {t('searchHint')}
        </p>
        {/* biome-ignore lint/a11y/useSemanticElements: toggle buttons, not radio inputs */}
        <div class="tool-group scope" role="group" aria-label={t('searchScope')}>
          <span class="tool-label" aria-hidden="true">
            {t('searchScope')}
          </span>
          {SCOPES.map((s) => (
            <button key={s} type="button" class="tool" aria-pressed={scope === s} onClick={() => setScope(s)}>
              {t(`scope_${s}`)}
            </button>
          ))}
        </div>
      </div>
      <div aria-live="polite" class="search-summary" data-query={result ? searched : ''}>
        {result && <p data-testid="search-count">{result.total > 0 ? t('searchResults', { n: result.total }) : t('searchNone')}</p>}
        {pinyinWords.length > 0 && <p class="muted">{t('pinyinReadAs', { words: pinyinWords.slice(0, 6).join('、') })}</p>}
      </div>
      {query.trim() && !index && <div class="loading" />}
      {result && result.hits.length > 0 && (
        <ul class="item-list" data-testid="search-results">
          {result.hits.map((h) => (
            <ResultCard key={`${h.doc.id}@${h.doc.rev}`} hit={h} />
          ))}
        </ul>
      )}
    </section>
  );
}
