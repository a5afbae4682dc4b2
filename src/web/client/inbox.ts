/**
 * The inbox page's script (runs in the browser). Bundled by src/web/build-client.ts into
 * src/web/generated/inbox-client.ts, so the server needs no bundler at run time.
 * Everything is written with textContent: an SMS text can never become markup.
 */
import type { components } from '../../generated/control.js';
import { smsKey, startConsole, stateText } from './console.js';
import { el } from './dom.js';

type WireSms = components['schemas']['Sms'];

/** The page keeps this many; older ones drop off the end (the server's outbox is bounded too). */
const MAX_SHOWN = 500;

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`#${id} is missing from the page`);
  return el as T;
}

const list = byId<HTMLOListElement>('messages');
const filter = byId<HTMLInputElement>('phone-filter');
const count = byId<HTMLElement>('count');
const empty = byId<HTMLElement>('empty');
const connection = byId<HTMLElement>('connection');
const announcer = byId<HTMLElement>('announcer');

let messages: WireSms[] = [];
let nextId = 0;

/** Screen readers hear this once; clearing first makes a repeated sentence be read again. */
function announce(sentence: string): void {
  announcer.textContent = '';
  window.setTimeout(() => {
    announcer.textContent = sentence;
  }, 50);
}

const digits = (s: string) => s.replace(/[^\d]/g, '');

function matchesFilter(sms: WireSms): boolean {
  const wanted = digits(filter.value);
  return wanted === '' || digits(sms.phone_number).includes(wanted);
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** Clipboard API first; the hidden-textarea fallback covers browsers or contexts without it. */
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard !== undefined && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Permission refused or no focus: try the fallback below.
  }
  const area = el('textarea', 'offscreen');
  area.value = text;
  area.setAttribute('readonly', '');
  area.setAttribute('aria-hidden', 'true');
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

async function onCopy(button: HTMLButtonElement, codeEl: HTMLElement, sms: WireSms): Promise<void> {
  const ok = await copyText(sms.code);
  button.focus();
  if (ok) {
    button.dataset.copied = sms.code;
    button.classList.add('is-copied');
    const label = button.querySelector('.label');
    if (label !== null) label.textContent = 'Copied';
    announce(`Code ${sms.code} copied to the clipboard.`);
    window.setTimeout(() => {
      button.classList.remove('is-copied');
      if (label !== null) label.textContent = 'Copy code';
    }, 2000);
    return;
  }
  // Last resort: select the code so Ctrl+C (or Cmd+C) copies it.
  const range = document.createRange();
  range.selectNodeContents(codeEl);
  window.getSelection()?.removeAllRanges();
  window.getSelection()?.addRange(range);
  announce(`Could not copy. The code ${sms.code} is selected: press Control+C to copy it.`);
}

function render(sms: WireSms, fresh: boolean): HTMLLIElement {
  const id = `sms-${nextId++}`;
  const item = el('li', fresh ? 'sms is-new' : 'sms');
  item.dataset.phone = sms.phone_number;
  item.dataset.key = smsKey(sms.phone_number, sms.code, sms.sent_at);
  const article = el('article');
  article.setAttribute('aria-labelledby', `${id}-phone`);

  const head = el('div', 'sms-head');
  const phone = el('h3', 'phone');
  phone.id = `${id}-phone`;
  phone.append(el('span', 'visually-hidden', 'SMS to '), sms.phone_number);
  const time = el('time', 'time', formatTime(sms.sent_at));
  time.dateTime = sms.sent_at;
  head.append(phone, time);

  const text = el('p', 'text', sms.text);
  text.lang = 'uk';

  const row = el('div', 'code-row');
  const codeLabel = el('span', 'code-label', 'Code');
  const code = el('code', 'code', sms.code);
  const button = el('button', 'copy');
  button.type = 'button';
  button.append(
    el('span', 'label', 'Copy code'),
    el('span', 'visually-hidden', ` ${sms.code} sent to ${sms.phone_number}`),
  );
  button.addEventListener('click', () => void onCopy(button, code, sms));
  // Filled in by the console (when there is one): what became of this code.
  const state = el('span', 'badge state-slot');
  state.hidden = true;
  row.append(codeLabel, code, state, button);

  article.append(head, text, row);
  item.append(article);
  item.hidden = !matchesFilter(sms);
  return item;
}

function updateCount(): void {
  const shown = messages.filter(matchesFilter).length;
  const total = messages.length;
  count.textContent = shown === total ? `(${total})` : `(${shown} of ${total})`;
  empty.hidden = shown > 0;
  empty.textContent =
    total === 0
      ? 'No SMS yet. Start a verification (POST /api/verifications) and its code appears here.'
      : 'No SMS to a phone that matches the filter.';
}

function replaceAll(newestFirst: WireSms[]): void {
  messages = newestFirst.slice(0, MAX_SHOWN);
  list.replaceChildren(...messages.map((sms) => render(sms, false)));
  updateCount();
}

function prepend(sms: WireSms): void {
  messages.unshift(sms);
  list.prepend(render(sms, true));
  if (messages.length > MAX_SHOWN) {
    messages.length = MAX_SHOWN;
    list.lastElementChild?.remove();
  }
  updateCount();
  if (matchesFilter(sms)) announce(`New SMS to ${sms.phone_number}: code ${sms.code}.`);
}

function applyFilter(): void {
  for (const item of list.children) {
    const phone = (item as HTMLElement).dataset.phone ?? '';
    (item as HTMLElement).hidden = !digits(phone).includes(digits(filter.value));
  }
  updateCount();
  const url = new URL(window.location.href);
  if (filter.value === '') url.searchParams.delete('phone');
  else url.searchParams.set('phone', filter.value);
  window.history.replaceState(null, '', url);
}

function setConnection(state: 'connecting' | 'live' | 'lost', text: string): void {
  connection.dataset.state = state;
  connection.textContent = text;
}

function connect(): void {
  const source = new EventSource('/inbox/events');
  source.addEventListener('snapshot', (e) => {
    replaceAll(JSON.parse((e as MessageEvent<string>).data) as WireSms[]);
    consoleView?.refresh();
    setConnection('live', 'Live: new messages appear here as they are sent.');
  });
  source.addEventListener('sms', (e) => {
    prepend(JSON.parse((e as MessageEvent<string>).data) as WireSms);
    // A new code changes its phone's row (the older one becomes "invalidated").
    consoleView?.refresh();
  });
  source.addEventListener('error', () => {
    // EventSource retries by itself; on reconnect the snapshot replaces the list, so nothing doubles.
    setConnection(
      'lost',
      source.readyState === EventSource.CLOSED
        ? 'Disconnected. Reload the page to try again.'
        : 'Connection lost; reconnecting…',
    );
  });
}

filter.value = new URLSearchParams(window.location.search).get('phone') ?? '';
filter.addEventListener('input', applyFilter);
// The console is on the page only when the server has a control API to drive (inbox-page.ts).
const consoleRoot = document.getElementById('console');
const consoleView =
  consoleRoot === null
    ? undefined
    : startConsole(consoleRoot, announce, (states) => {
        for (const item of list.querySelectorAll<HTMLElement>('li.sms')) {
          const slot = item.querySelector<HTMLElement>('.state-slot');
          const state = states.get(item.dataset.key ?? '');
          if (slot === null) continue;
          slot.hidden = state === undefined;
          slot.className = `badge state-slot state-${state ?? 'none'}`;
          slot.textContent = state === undefined ? '' : stateText(state);
        }
      });
connect();
