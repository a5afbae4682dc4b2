import { listScopes } from '../contract/operations.js';
import { escapeHtml } from './http.js';

/** One checkbox per scope the spec's operations ask for (x-scope), so a new scope needs no edit here. */
const scopeBoxes = listScopes()
  .map(
    (scope) =>
      `        <label class="check"><input type="checkbox" name="scope" value="${escapeHtml(scope)}" checked> ${escapeHtml(scope)}</label>`,
  )
  .join('\n');

/**
 * No inline script or style anywhere, so the policy can forbid both: a message text that somehow
 * became markup could still not run. `connect-src 'self'` is the event stream.
 */
export const INBOX_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

function layout(title: string, main: string, script: boolean): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ehealth-otp-kit</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/inbox/app.css">
${script ? '<script src="/inbox/app.js" defer></script>\n' : ''}</head>
<body>
${main}
</body>
</html>
`;
}

/**
 * The console: actions (each a labelled form, so Enter submits and the keyboard reaches all of
 * it) and the phones' state, read from `/inbox/control/phones`. Results are announced politely.
 */
const consoleHtml = `<section id="console" class="console" aria-labelledby="console-heading">
  <h2 id="console-heading">Console</h2>
  <p class="hint">Everything here goes through the control API with this server's control token.</p>
  <div class="actions">
    <form id="send-otp" class="action">
      <label for="otp-phone">Send an OTP to</label>
      <input id="otp-phone" name="phone" type="tel" required pattern="\\+380[0-9]{9}" autocomplete="off"
        value="+380501234567" aria-describedby="otp-phone-hint">
      <p id="otp-phone-hint" class="hint">+380 and 9 digits; POST /api/verifications with a fresh otp:write token.</p>
      <button type="submit">Send OTP</button>
    </form>
    <form id="advance-clock" class="action">
      <label for="clock-seconds">Advance the clock by (seconds)</label>
      <input id="clock-seconds" name="seconds" type="number" min="0" max="315360000" step="1" required value="900"
        aria-describedby="clock-hint">
      <p id="clock-hint" class="hint">900 s is the default code lifetime.</p>
      <button type="submit">Advance clock</button>
    </form>
    <form id="create-token" class="action">
      <fieldset>
        <legend>Create a token with the scopes</legend>
${scopeBoxes}
      </fieldset>
      <button type="submit">Create token</button>
      <div id="token-output" class="token-output"></div>
    </form>
    <form id="reset" class="action">
      <p class="label-like">Reset</p>
      <p class="hint">Forgets every token, person request, code and SMS on this server.</p>
      <button type="submit" class="danger">Reset the server</button>
    </form>
  </div>
  <p id="console-status" class="console-status"></p>
  <h3 id="phones-heading">Phones <span id="clock-now" class="hint"></span></h3>
  <p id="phones-empty" class="empty">No phone has been sent a code yet.</p>
  <table id="phones" class="phones" aria-labelledby="phones-heading" hidden>
    <thead><tr><th scope="col">Phone</th><th scope="col">Current code</th><th scope="col">Expires in</th>
      <th scope="col">SMS cap left</th><th scope="col">Earlier codes</th></tr></thead>
    <tbody></tbody>
  </table>
  <h3 id="requests-heading">Person requests</h3>
  <p id="requests-empty" class="empty">No person request yet.</p>
  <table id="requests" class="phones" aria-labelledby="requests-heading" hidden>
    <thead><tr><th scope="col">Request</th><th scope="col">Status</th><th scope="col">Current method</th>
      <th scope="col">Code sent</th></tr></thead>
    <tbody></tbody>
  </table>
</section>`;

export function inboxPage(withConsole = false): string {
  return layout(
    'SMS inbox',
    `<a class="skip" href="#messages-heading">Skip to the messages</a>
<div class="wrap">
<header class="top">
  <h1>SMS inbox</h1>
  <nav aria-label="Other pages"><a href="/docs">API reference</a></nav>
</header>
<main>
  <p class="lead">What the reference server has “sent” to phones: its SMS outbox, newest first.
  New messages appear as they are sent, without reloading.</p>
  ${withConsole ? consoleHtml : ''}
  <div class="controls">
    <div class="field">
      <label for="phone-filter">Filter by phone number</label>
      <input id="phone-filter" type="search" inputmode="tel" autocomplete="off" spellcheck="false"
        placeholder="+380501234567" aria-describedby="filter-hint">
    </div>
    <p id="filter-hint" class="hint">Any part of the number, e.g. 4567.</p>
  </div>
  <p id="connection" class="connection" data-state="connecting">Connecting…</p>
  <h2 id="messages-heading" tabindex="-1">Messages <span id="count"></span></h2>
  <p id="empty" class="empty">Loading…</p>
  <ol id="messages" class="messages" aria-labelledby="messages-heading"></ol>
  <div id="announcer" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true"></div>
  <noscript><p class="error">The live list needs JavaScript. The same messages are at
  <code class="inline">GET /__control/sms</code> (with the control token).</p></noscript>
</main>
</div>`,
    true,
  );
}

/** Shown instead of the inbox when a control token is set and this browser has not given it. */
export function loginPage(failed: boolean): string {
  const error = failed
    ? '<p id="login-error" class="error" role="alert">That is not the control token of this server.</p>\n'
    : '';
  const describedBy = failed ? 'login-error login-hint' : 'login-hint';
  return layout(
    'Sign in to the SMS inbox',
    `<div class="wrap login">
<main>
  <h1>SMS inbox</h1>
  <p class="lead">This server runs with a control token, and the inbox shows one-time codes, so it
  asks for that token (the one given to <code class="inline">serve --control-token</code>).</p>
  <form method="post" action="/inbox/login">
    ${error}<label for="token">Control token</label>
    <input id="token" name="token" type="password" autocomplete="current-password" required autofocus
      aria-describedby="${describedBy}">
    <p id="login-hint" class="hint">It is kept in an HttpOnly cookie for 12 hours or until the server restarts.
    A link may carry it once as <code class="inline">/inbox?token=…</code>.</p>
    <button type="submit">Open the inbox</button>
  </form>
  <p><a href="/docs">API reference</a></p>
</main>
</div>`,
    false,
  );
}
