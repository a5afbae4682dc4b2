import { listOperations } from '../contract/operations.js';
import { findRequestExample } from '../contract/request-examples.js';
import { loadSpec } from '../contract/spec-files.js';
import { asset } from './http.js';

/**
 * "Try it" for `/docs`: Redoc (2.x) has none, so the page carries a small form of its own, built
 * from the same spec (operations, path parameters, the api-key requirement, request examples),
 * that sends the request to this server with `fetch` and shows the whole answer. Same origin, so
 * `connect-src 'self'` allows it and the page stays offline.
 */

interface TryOperation {
  readonly operationId: string;
  readonly summary: string;
  readonly method: string;
  readonly path: string;
  readonly params: readonly string[];
  readonly needsApiKey: boolean;
  readonly example: string | undefined;
}

type Node = Record<string, unknown>;
const node = (value: unknown): Node | undefined =>
  typeof value === 'object' && value !== null ? (value as Node) : undefined;

/** The first request example the spec gives for the operation's JSON body, pretty-printed. */
function exampleOf(operationId: string): string | undefined {
  const value = findRequestExample(operationId);
  return value === undefined ? undefined : JSON.stringify(value, null, 2);
}

function tryOperations(): TryOperation[] {
  const paths = node(loadSpec('ehealth').paths) ?? {};
  return listOperations('ehealth').map((info) => {
    const op = node(node(paths[info.path])?.[info.method.toLowerCase()]);
    return {
      operationId: info.operationId,
      summary: typeof op?.summary === 'string' ? op.summary : info.operationId,
      method: info.method,
      path: info.path,
      params: info.params,
      needsApiKey: info.needsApiKey,
      example: info.hasRequestBody ? (exampleOf(info.operationId) ?? '{}') : undefined,
    };
  });
}

/** The form; the script fills the operation list from /docs/try-it.json. */
export const tryItHtml = (inbox: boolean): string => `<details class="try-it" id="try-it">
<summary>Try it: send a request to this server</summary>
<form id="try-form" class="try-form">
  <p class="try-hint">Sends the request from this page to the server that serves it, and shows the answer as it
  came. In demo mode (<code>ehealth-otp-kit serve</code>) the tokens <code>demo-token-all-scopes</code> and
  api-key <code>demo-api-key</code> work${inbox ? '; the codes sent arrive in the <a href="/inbox">SMS inbox</a>' : ''}.</p>
  <label for="try-op">Operation</label>
  <select id="try-op" name="operation"></select>
  <div id="try-params"></div>
  <label for="try-token">Bearer token</label>
  <input id="try-token" name="token" autocomplete="off" spellcheck="false" value="demo-token-all-scopes">
  <div id="try-api-key-field" hidden>
    <label for="try-api-key">api-key (the client's secret)</label>
    <input id="try-api-key" name="api_key" autocomplete="off" spellcheck="false" value="demo-api-key">
  </div>
  <div id="try-body-field">
    <label for="try-body">JSON body</label>
    <textarea id="try-body" name="body" rows="5" spellcheck="false"></textarea>
  </div>
  <button type="submit">Send request</button>
</form>
<div id="try-result" class="try-result" role="status" aria-live="polite"></div>
</details>`;

/** Plain JS (a file, so `script-src 'self'` stays strict): small enough to need no bundling. */
const tryItJs = `"use strict";
(function () {
  var form = document.getElementById("try-form");
  var select = document.getElementById("try-op");
  var params = document.getElementById("try-params");
  var bodyField = document.getElementById("try-body-field");
  var body = document.getElementById("try-body");
  var apiKeyField = document.getElementById("try-api-key-field");
  var result = document.getElementById("try-result");
  var ops = [];
  var DEFAULTS = { phone_number: "+380501234567", id: "00000000-0000-4000-8000-000000000001" };
  function current() { return ops[select.selectedIndex]; }
  function show() {
    var op = current();
    params.replaceChildren();
    op.params.forEach(function (name) {
      var label = document.createElement("label");
      label.htmlFor = "try-param-" + name;
      label.textContent = name + " (path)";
      var input = document.createElement("input");
      input.id = "try-param-" + name;
      input.dataset.param = name;
      input.required = true;
      input.value = DEFAULTS[name] || "";
      params.append(label, input);
    });
    bodyField.hidden = op.example === undefined;
    body.value = op.example || "";
    apiKeyField.hidden = !op.needsApiKey;
  }
  function text(tag, value, cls) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    el.textContent = value;
    return el;
  }
  fetch("/docs/try-it.json").then(function (r) { return r.json(); }).then(function (list) {
    ops = list;
    ops.forEach(function (op) {
      var option = document.createElement("option");
      option.value = op.operationId;
      option.textContent = op.method + " " + op.path + " — " + op.summary;
      select.append(option);
    });
    select.addEventListener("change", show);
    show();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var op = current();
    var path = op.path;
    params.querySelectorAll("input").forEach(function (input) {
      path = path.replace("{" + input.dataset.param + "}", encodeURIComponent(input.value.trim()));
    });
    var headers = { accept: "application/json" };
    var token = document.getElementById("try-token").value.trim();
    if (token !== "") headers.authorization = "Bearer " + token;
    if (op.needsApiKey) headers["api-key"] = document.getElementById("try-api-key").value.trim();
    var init = { method: op.method, headers: headers };
    if (op.example !== undefined && body.value.trim() !== "") {
      headers["content-type"] = "application/json";
      init.body = body.value;
    }
    result.replaceChildren(text("p", "Sending " + op.method + " " + path + "…"));
    fetch(path, init).then(function (res) {
      return res.text().then(function (answer) {
        var lines = [];
        res.headers.forEach(function (value, name) { lines.push(name + ": " + value); });
        var pretty = answer;
        try { pretty = JSON.stringify(JSON.parse(answer), null, 2); } catch (e) { /* not JSON: as it came */ }
        result.replaceChildren(
          text("p", op.method + " " + path + " → " + res.status + " " + res.statusText, "try-status"),
          text("pre", lines.join("\\n"), "try-headers"),
          text("pre", pretty, "try-body")
        );
      });
    }, function (error) {
      result.replaceChildren(text("p", "The request failed: " + error.message, "try-status"));
    });
  });
})();
`;

export const tryItCss = `
.try-it { margin: 0; padding: .5rem 1.25rem; background: #f3f6fa; border-bottom: 1px solid #d5dae1; color: #1b1f24; }
.try-it summary { cursor: pointer; font-weight: 700; padding: .25rem 0; }
.try-form { display: grid; gap: .35rem; max-width: 48rem; margin: .5rem 0; }
.try-form label { font-weight: 600; }
#try-params { display: grid; gap: .35rem; }
.try-form input, .try-form select, .try-form textarea { font: 14px/1.4 ui-monospace, "DejaVu Sans Mono", monospace;
  padding: .35rem .5rem; border: 1px solid #6b7480; border-radius: 6px; background: #fff; color: #1b1f24; }
.try-form button { justify-self: start; font: inherit; font-weight: 600; color: #fff; background: #0b5cad;
  border: 2px solid #0b5cad; border-radius: 6px; padding: .35rem .9rem; cursor: pointer; }
.try-form :focus-visible, .try-it summary:focus-visible { outline: 3px solid #0b5cad; outline-offset: 2px; }
.try-hint { margin: 0 0 .25rem; color: #47505c; }
.try-result pre { background: #1b1f24; color: #eceff3; padding: .6rem .8rem; border-radius: 6px; overflow: auto;
  max-height: 24rem; font: 12px/1.45 ui-monospace, "DejaVu Sans Mono", monospace; }
.try-status { font-weight: 700; margin: .5rem 0 0; }
`;

export const tryItJsAsset = asset('text/javascript; charset=utf-8', tryItJs);
let operationsAsset: ReturnType<typeof asset> | undefined;
export function tryItOperationsAsset(): ReturnType<typeof asset> {
  operationsAsset ??= asset('application/json; charset=utf-8', JSON.stringify(tryOperations()));
  return operationsAsset;
}
