/**
 * The inbox stylesheet, served as /inbox/app.css (a file, so the CSP can forbid inline styles).
 * Colour pairs meet WCAG AA: body text ≥ 7:1, muted text ≥ 4.5:1, borders of controls ≥ 3:1.
 */
export const inboxCss = `
:root {
  color-scheme: light dark;
  --bg: #f4f6f8; --surface: #ffffff; --text: #1b1f24; --muted: #47505c;
  --border: #d5dae1; --control: #6b7480; --accent: #0b5cad; --on-accent: #ffffff;
  --new: #fff4c2; --ok: #1d6b35; --error: #a4161a; --focus: #0b5cad;
  --mono: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
  line-height: 1.5;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #14171c; --surface: #1e2229; --text: #eceff3; --muted: #b7bfca;
    --border: #3a414b; --control: #8d96a3; --accent: #8ab4f8; --on-accent: #0b1526;
    --new: #3b3414; --ok: #8fd6a3; --error: #ffb4ab; --focus: #f9d66b;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 4px; }
.visually-hidden, .offscreen {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0;
}
.skip { position: absolute; left: 1rem; top: -3rem; background: var(--surface); padding: .5rem 1rem; z-index: 1; }
.skip:focus { top: 1rem; }
.wrap { max-width: 56rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
.top { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: .5rem 1.5rem; }
h1 { font-size: 1.75rem; margin: 0; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .75rem; }
.lead { color: var(--muted); margin: .25rem 0 1.25rem; max-width: 44rem; }
.controls { display: flex; flex-wrap: wrap; align-items: end; gap: .5rem 1rem; }
.field { display: flex; flex-direction: column; gap: .25rem; }
label { font-weight: 600; }
input {
  font: inherit; color: var(--text); background: var(--surface);
  border: 1px solid var(--control); border-radius: 6px; padding: .45rem .65rem; min-width: 16rem;
}
.hint { color: var(--muted); font-size: .9rem; margin: 0; }
.connection { margin: 1rem 0 0; font-size: .95rem; color: var(--muted); }
.connection::before { content: ""; display: inline-block; width: .6rem; height: .6rem; border-radius: 50%;
  margin-right: .45rem; background: var(--control); vertical-align: .05rem; }
.connection[data-state="live"]::before { background: var(--ok); }
.connection[data-state="lost"] { color: var(--error); }
.connection[data-state="lost"]::before { background: var(--error); }
.empty { color: var(--muted); background: var(--surface); border: 1px dashed var(--control);
  border-radius: 8px; padding: 1rem; }
.messages { list-style: none; margin: 0; padding: 0; display: grid; gap: .75rem; }
.sms article { background: var(--surface); border: 1px solid var(--border); border-radius: 8px; padding: .85rem 1rem; }
.sms.is-new article { animation: arrive 2.5s ease-out; }
@keyframes arrive { from { background: var(--new); } to { background: var(--surface); } }
@media (prefers-reduced-motion: reduce) { .sms.is-new article { animation: none; } }
.sms-head { display: flex; flex-wrap: wrap; justify-content: space-between; gap: .25rem 1rem; align-items: baseline; }
.phone { font-size: 1.05rem; margin: 0; font-family: var(--mono); }
.time { color: var(--muted); font-size: .9rem; }
.text { margin: .35rem 0 .6rem; overflow-wrap: anywhere; }
.code-row { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem .75rem; }
.code-label { color: var(--muted); font-size: .9rem; }
.code { font-family: var(--mono); font-size: 1.4rem; font-weight: 700; letter-spacing: .15em; }
button {
  font: inherit; font-weight: 600; cursor: pointer; color: var(--on-accent); background: var(--accent);
  border: 2px solid var(--accent); border-radius: 6px; padding: .35rem .9rem; min-height: 2.25rem;
}
button:hover { filter: brightness(1.1); }
button.is-copied { background: var(--surface); color: var(--ok); border-color: var(--ok); }
button.is-copied .label::before { content: "✓ "; }
.login { max-width: 28rem; }
.login form { display: grid; gap: .75rem; background: var(--surface); border: 1px solid var(--border);
  border-radius: 8px; padding: 1rem; }
.error { color: var(--error); font-weight: 600; margin: 0; }
code.inline { font-family: var(--mono); font-size: .95em; overflow-wrap: anywhere; }
.wrap:has(.console) { max-width: 72rem; }
.console { background: var(--surface); border: 1px solid var(--border); border-radius: 8px; padding: .5rem 1rem 1rem; margin-bottom: 1.5rem; }
.console h2 { margin-top: .5rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
.actions { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: .75rem; }
.action { display: flex; flex-direction: column; gap: .35rem; align-items: flex-start; border: 1px solid var(--border);
  border-radius: 8px; padding: .65rem .75rem; }
.action input:not([type="checkbox"]) { min-width: 0; width: 100%; }
.action fieldset { border: 0; margin: 0; padding: 0; display: grid; gap: .15rem; }
.action legend, .label-like { font-weight: 600; margin: 0 0 .2rem; padding: 0; }
.check { font-weight: 400; }
.check input { min-width: 0; margin-right: .35rem; }
button.danger { background: var(--error); border-color: var(--error); color: var(--surface); }
button[aria-disabled="true"] { opacity: .6; cursor: progress; }
.token-output { display: block; font-size: .9rem; max-width: 100%; }
.console-status { min-height: 1.5rem; margin: .75rem 0 0; }
.console-status[data-state="error"] { color: var(--error); font-weight: 600; }
.console-status[data-state="ok"] { color: var(--ok); }
.phones { width: 100%; border-collapse: collapse; font-size: .95rem; }
.phones th, .phones td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--border); vertical-align: top; }
.phones thead th { color: var(--muted); font-weight: 600; }
.phone-cell { font-family: var(--mono); font-weight: 600; white-space: nowrap; }
.verified { font-family: inherit; color: var(--ok); font-weight: 600; font-size: .85rem; }
.code.small { font-size: 1rem; letter-spacing: .08em; }
.expires { font-family: var(--mono); white-space: nowrap; }
.codes { list-style: none; margin: 0; padding: 0; display: grid; gap: .2rem; }
.badge { display: inline-block; border-radius: 999px; padding: 0 .55rem; font-size: .8rem; font-weight: 600;
  border: 1px solid currentColor; white-space: nowrap; }
.state-active { color: var(--ok); }
.state-used { color: var(--accent); }
.state-expired, .state-replaced, .state-unknown { color: var(--muted); }
.state-wrong_code, .state-locked { color: var(--error); }
`;
