import htm from 'htm';
import { createContext, h } from 'preact';
import { useCallback, useContext, useEffect, useState } from 'preact/hooks';
import { translate } from './i18n.js';
import { formatFen } from './money.js';
import { formatTime } from './time.js';

/** JSX-like templates without a build step. */
export const html = htm.bind(h);

/** The chosen language ('zh' or 'en'). */
export const LangContext = createContext('zh');

/** `t(key, params)` in the chosen language. */
export const useT = () => {
  const lang = useContext(LangContext);
  return useCallback((key, params) => translate(lang, key, params), [lang]);
};

export const Money = ({ fen }) => html`<span class="money">${formatFen(fen)}</span>`;

export const Time = ({ iso }) => (iso ? html`<time datetime=${iso}>${formatTime(iso)}</time>` : '—');

export const StatusBadge = ({ status }) => {
  const t = useT();
  return html`<span class=${`badge status-${status}`}>${t(`status.${status}`)}</span>`;
};

/** What the API refused and why: the code in words, then the API's own sentence (`detail`). */
export const ProblemNote = ({ error, hint }) => {
  const t = useT();
  if (!error) return null;
  const words = t(`problem.${error.code}`, { status: error.status });
  return html`<div class="problem" role="alert">
    <strong>${words}</strong>
    ${error.detail ? html`<p class="detail">${error.detail}</p>` : null}
    ${(error.problem?.errors ?? []).map((e) => html`<p class="detail">${e.path}: ${e.message}</p>`)}
    ${hint ? html`<p class="hint">${hint}</p>` : null}
  </div>`;
};

/**
 * Loads with `load()` whenever `deps` change; answers `{ data, error, loading, reload }`. A load that finishes
 * after a newer one started is dropped.
 */
export const useLoad = (load, deps) => {
  const [state, setState] = useState({ data: undefined, error: undefined, loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => current && setState({ data, error: undefined, loading: false }),
      (error) => current && setState({ data: undefined, error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  return { ...state, reload: () => setRound((r) => r + 1) };
};

/** A view's heading; focus moves to it when the view opens, so keyboard and screen-reader users land there. */
export const ViewHeading = ({ children }) => {
  const focus = useCallback((el) => el?.focus({ preventScroll: true }), []);
  return html`<h1 tabindex="-1" ref=${focus}>${children}</h1>`;
};
