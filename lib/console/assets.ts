import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const js = 'text/javascript; charset=utf-8';
const css = 'text/css; charset=utf-8';

/**
 * Every file the console serves, by the name it has under `/console/`, with its source relative to the repository
 * root. The list is closed: no request path ever reaches the file system. The libraries come straight from their
 * npm packages (ES module builds), so `npm ci` is the only build the console has.
 */
export const consoleFiles = {
  'index.html': { source: 'console/index.html', type: 'text/html; charset=utf-8' },
  'console.css': { source: 'console/console.css', type: css },
  'app.js': { source: 'console/app.js', type: js },
  'api.js': { source: 'console/api.js', type: js },
  'i18n.js': { source: 'console/i18n.js', type: js },
  'money.js': { source: 'console/money.js', type: js },
  'time.js': { source: 'console/time.js', type: js },
  'ui.js': { source: 'console/ui.js', type: js },
  'sign-in.js': { source: 'console/sign-in.js', type: js },
  'review.js': { source: 'console/review.js', type: js },
  'payments.js': { source: 'console/payments.js', type: js },
  'payment-page.js': { source: 'console/payment-page.js', type: js },
  'resolve-form.js': { source: 'console/resolve-form.js', type: js },
  'refund-form.js': { source: 'console/refund-form.js', type: js },
  'reports.js': { source: 'console/reports.js', type: js },
  'reconciliation.js': { source: 'console/reconciliation.js', type: js },
  'preact.js': { source: 'node_modules/preact/dist/preact.mjs', type: js },
  'preact-hooks.js': { source: 'node_modules/preact/hooks/dist/hooks.mjs', type: js },
  'htm.js': { source: 'node_modules/htm/dist/htm.mjs', type: js },
  'qrcode.js': { source: 'node_modules/qrcode-generator/dist/qrcode.mjs', type: js },
  'uplot.js': { source: 'node_modules/uplot/dist/uPlot.esm.js', type: js },
  'uplot.css': { source: 'node_modules/uplot/dist/uPlot.min.css', type: css },
} as const satisfies Record<string, { source: string; type: string }>;

/** The page `/console` answers. */
export const consoleIndex = 'index.html';

export interface ConsoleFile {
  body: string;
  type: string;
  etag: string;
}

/**
 * The page's Content-Security-Policy: scripts only from here plus the page's one inline import map (by its hash),
 * API calls only to this origin, no framing. QR codes are drawn as data: images.
 */
export const contentSecurityPolicy = (indexHtml: string): string => {
  const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(indexHtml)?.[1];
  if (importMap === undefined) throw new Error('console/index.html has no import map');
  const hash = createHash('sha256').update(importMap, 'utf8').digest('base64');
  return [
    "default-src 'none'",
    `script-src 'self' 'sha256-${hash}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
};

/**
 * Where the files are: in Lambda, the function's own directory (the stack copies them next to the bundle, keeping
 * their relative paths); elsewhere the repository.
 */
export const consoleRoot = (): string =>
  process.env.LAMBDA_TASK_ROOT ?? fileURLToPath(new URL('../..', import.meta.url));

/** Reads every console file under `root` once, with a strong ETag for each. */
export const loadConsoleFiles = async (root: string): Promise<Map<string, ConsoleFile>> => {
  const entries = await Promise.all(
    Object.entries(consoleFiles).map(async ([name, { source, type }]) => {
      const body = await readFile(`${root.replace(/\/$/, '')}/${source}`, 'utf8');
      const etag = `"${createHash('sha256').update(body, 'utf8').digest('base64url').slice(0, 27)}"`;
      return [name, { body, type, etag }] as const;
    }),
  );
  return new Map(entries);
};
