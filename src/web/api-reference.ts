import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { SpecName } from '../contract/spec-files.js';
import { readSpecText } from '../contract/spec-text.js';
import { tryItCss, tryItHtml, tryItJsAsset, tryItOperationsAsset } from './api-try-it.js';
import { type Asset, allowRead, asset, escapeHtml, send, sendAsset, sendText, splitTarget } from './http.js';

/**
 * Redoc renders with styled-components (inline <style>) and builds its search index in a worker
 * from a blob: URL; everything else, the bundle and the spec included, comes from this server.
 * Nothing from another origin is allowed, so the page works, and stays quiet, with no internet.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const specs: Readonly<Record<SpecName, { file: string; title: string; page: string }>> = {
  ehealth: { file: '/openapi/ehealth-otp.yaml', title: 'eHealth OTP API', page: '/docs' },
  control: { file: '/openapi/control.yaml', title: 'Control API', page: '/docs/control' },
};

/**
 * Redoc's default theme names web fonts (Montserrat, Roboto) it never downloads; system font
 * stacks make the offline page look intended rather than fallen back. Plain JS: a dozen lines need
 * no bundling, and a file (not an inline script) keeps `script-src 'self'` strict.
 */
const initJs = `"use strict";
(function () {
  var root = document.getElementById("redoc");
  var sans = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif';
  var mono = 'ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace';
  window.Redoc.init(root.getAttribute("data-spec-url"), {
    expandResponses: "200",
    scrollYOffset: ".docs-nav",
    theme: { typography: { fontFamily: sans, headings: { fontFamily: sans }, code: { fontFamily: mono } } }
  }, root);
})();
`;

const docsCss = `
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
/* Sticky, and Redoc's scrollYOffset points at it, so links to an operation land below it. */
.docs-nav { position: sticky; top: 0; z-index: 10; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem;
  align-items: center; padding: .6rem 1.25rem; background: #1b1f24; color: #eceff3; }
.docs-nav strong { margin-right: .5rem; }
.docs-nav a { color: #cfe1ff; text-underline-offset: .2em; }
.docs-nav a[aria-current="page"] { color: #ffffff; font-weight: 700; text-decoration: none; }
.docs-nav a:focus-visible { outline: 3px solid #8ab4f8; outline-offset: 2px; }
`;

function docsPage(name: SpecName, inbox: boolean): string {
  const spec = specs[name];
  const links = (Object.keys(specs) as SpecName[]).map((n) => {
    const s = specs[n];
    const current = n === name ? ' aria-current="page"' : '';
    return `<a href="${s.page}"${current}>${escapeHtml(s.title)}</a>`;
  });
  links.push(`<a href="${spec.file}">Download ${escapeHtml(spec.title)} (YAML)</a>`);
  if (inbox) links.push('<a href="/inbox">SMS inbox</a>');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(spec.title)} reference · ehealth-otp-kit</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/docs/docs.css">
</head>
<body>
<nav class="docs-nav" aria-label="API references"><strong>ehealth-otp-kit</strong>${links.join('')}</nav>
${name === 'ehealth' ? tryItHtml(inbox) : ''}
<main id="redoc" data-spec-url="${spec.file}"></main>
${name === 'ehealth' ? '<script src="/docs/try-it.js" defer></script>\n' : ''}<script src="/docs/redoc.standalone.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;
}

/**
 * Redoc's standalone bundle, copied into dist/web by `npm run build` (scripts/build-api-reference.mjs):
 * redoc is a devDependency, so the installed kit has no React or core-js. src/web and dist/web both
 * sit two levels below the package root, so this one URL finds the built copy from either; a
 * checkout gets it from `npm ci` (the `prepare` script builds).
 */
const REDOC_BUNDLE = new URL('../../dist/web/redoc.standalone.js', import.meta.url);

/** 1 MB: read and gzipped once, on first request, not at start-up. */
let redoc: Asset | undefined;
function redocBundle(): Asset | undefined {
  if (redoc === undefined) {
    try {
      const body = readFileSync(REDOC_BUNDLE);
      redoc = asset('text/javascript; charset=utf-8', body, gzipSync(body));
    } catch {
      return undefined;
    }
  }
  return redoc;
}

const yamlAssets = new Map<SpecName, Asset>();
function specAsset(name: SpecName): Asset {
  let file = yamlAssets.get(name);
  if (file === undefined) {
    // application/yaml is the registered type (RFC 9512); Redoc parses YAML itself.
    file = asset('application/yaml; charset=utf-8', readSpecText(name));
    yamlAssets.set(name, file);
  }
  return file;
}

const initAsset = asset('text/javascript; charset=utf-8', initJs);
const cssAsset = asset('text/css; charset=utf-8', docsCss + tryItCss);

/** `/docs` (the eHealth spec), `/docs/control`, their assets, and the two spec files. */
export function handleApiReference(req: IncomingMessage, res: ServerResponse, inbox: boolean): boolean {
  const { path } = splitTarget(req.url);
  const spec = (Object.keys(specs) as SpecName[]).find((n) => specs[n].file === path);
  if (spec === undefined && path !== '/docs' && !path.startsWith('/docs/')) return false;
  if (!allowRead(req, res)) return true;
  if (spec !== undefined) {
    sendAsset(req, res, specAsset(spec));
    return true;
  }
  switch (path) {
    case '/docs':
    case '/docs/control':
      send(
        req,
        res,
        200,
        'text/html; charset=utf-8',
        docsPage(path === '/docs' ? 'ehealth' : 'control', inbox),
        {
          'content-security-policy': DOCS_CSP,
        },
      );
      return true;
    case '/docs/redoc.standalone.js': {
      const bundle = redocBundle();
      if (bundle === undefined)
        sendText(req, res, 503, 'The API reference bundle is not built (npm run build)');
      else sendAsset(req, res, bundle);
      return true;
    }
    case '/docs/init.js':
      sendAsset(req, res, initAsset);
      return true;
    case '/docs/docs.css':
      sendAsset(req, res, cssAsset);
      return true;
    case '/docs/try-it.js':
      sendAsset(req, res, tryItJsAsset);
      return true;
    case '/docs/try-it.json':
      sendAsset(req, res, tryItOperationsAsset());
      return true;
    default:
      sendText(req, res, 404, 'Not found');
      return true;
  }
}
