import { escapeHtml } from './http.js';

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

export function inboxPage(): string {
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
