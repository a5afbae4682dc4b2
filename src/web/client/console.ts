/**
 * The inbox console (runs in the browser): actions, each phone's codes and each person request, all through
 * `/inbox/control/*`, which the server forwards to the control API with its token
 * (src/web/inbox-console.ts). Everything is written with textContent.
 */
import type { components } from '../../generated/control.js';
import { el } from './dom.js';
import { type PersonRequestStateList, renderPersonRequests } from './person-requests.js';

type PhoneList = components['schemas']['PhoneList'];
type PhoneState = components['schemas']['PhoneState'];
type CodeState = components['schemas']['CodeState'];
type CreatedToken = components['schemas']['CreatedToken'];

/** How each state reads, for sighted users (badge) and screen readers alike (the same words). */
const STATE_TEXT: Readonly<Record<CodeState, string>> = {
  active: 'active',
  used: 'used',
  expired: 'expired',
  wrong_code: 'invalidated by a wrong code',
  locked: 'locked (too many tries)',
  replaced: 'invalidated by a newer code',
  unknown: 'unknown (forgotten by the server)',
};

function badge(state: CodeState): HTMLElement {
  const b = el('span', `badge state-${state}`, STATE_TEXT[state]);
  b.dataset.state = state;
  return b;
}

async function control(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`/inbox/control/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const json: unknown = text === '' ? undefined : JSON.parse(text);
  if (!res.ok) {
    const error = (json as { error?: unknown } | undefined)?.error;
    throw new Error(
      `${method} /__control/${path} answered ${res.status}${typeof error === 'string' ? `: ${error}` : ''}`,
    );
  }
  return json;
}

/** "14:32" for a countdown; "expired" at zero. */
function countdown(ms: number): string {
  if (ms <= 0) return 'expired';
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mmss = `${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(s).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** The key of one SMS in both the phone view and the outbox: phone, code and send time. */
export const smsKey = (phone: string, code: string, sentAt: string) => `${phone}|${code}|${sentAt}`;

export function stateText(state: CodeState): string {
  return STATE_TEXT[state];
}

export function startConsole(
  root: HTMLElement,
  announce: (sentence: string) => void,
  onStates: (states: ReadonlyMap<string, CodeState>) => void,
): { refresh(): void } {
  const q = <T extends HTMLElement>(selector: string): T => {
    const found = root.querySelector<T>(selector);
    if (found === null) throw new Error(`${selector} is missing from the console`);
    return found;
  };
  const status = q<HTMLElement>('#console-status');
  const table = q<HTMLTableElement>('#phones');
  const body = q<HTMLTableSectionElement>('#phones tbody');
  const empty = q<HTMLElement>('#phones-empty');
  const clockNow = q<HTMLElement>('#clock-now');
  const requests = q<HTMLTableElement>('#requests');
  const requestsEmpty = q<HTMLElement>('#requests-empty');
  /** Server clock minus the browser's: the control API moves the server's clock ahead. */
  let offsetMs = 0;
  let phones: PhoneState[] = [];
  let otpToken: string | undefined;
  let pending = false;
  let again = false;

  const say = (sentence: string, ok = true) => {
    status.dataset.state = ok ? 'ok' : 'error';
    status.textContent = sentence;
    announce(sentence);
  };

  function render(): void {
    table.hidden = phones.length === 0;
    empty.hidden = phones.length > 0;
    body.replaceChildren(
      ...phones.map((p) => {
        const row = el('tr');
        row.dataset.phone = p.phone_number;
        const phone = el('th', 'phone-cell', p.phone_number);
        phone.scope = 'row';
        if (p.verified) phone.append(el('span', 'verified', ' verified'));
        const [current, ...older] = p.codes;
        const code = el('td', 'current');
        if (current !== undefined)
          code.append(el('code', 'code small', current.code), ' ', badge(current.state));
        const expires = el('td', 'expires');
        if (current?.state === 'active' && p.verification !== null) {
          expires.dataset.expiresAt = p.verification.code_expired_at;
          expires.textContent = countdown(
            Date.parse(p.verification.code_expired_at) - (Date.now() + offsetMs),
          );
        } else expires.textContent = '—';
        const cap = el('td', 'cap', `${p.sms_cap.left} of ${p.sms_cap.limit}`);
        if (p.sms_cap.next_free_at !== null) cap.title = `next one at ${p.sms_cap.next_free_at}`;
        const history = el('td', 'history');
        const list = el('ul', 'codes');
        for (const c of older.slice(0, 6)) {
          const item = el('li');
          item.append(el('code', 'code small', c.code), ' ', badge(c.state));
          list.append(item);
        }
        if (older.length > 6) list.append(el('li', 'hint', `… ${older.length - 6} more`));
        history.append(older.length === 0 ? '—' : list);
        row.append(phone, code, expires, cap, history);
        return row;
      }),
    );
  }

  async function load(): Promise<void> {
    const [list, personRequests] = (await Promise.all([
      control('GET', 'phones'),
      control('GET', 'person_requests'),
    ])) as [PhoneList, PersonRequestStateList];
    renderPersonRequests(requests, requestsEmpty, personRequests);
    offsetMs = Date.parse(list.now) - Date.now();
    clockNow.textContent = `(server clock ${new Date(Date.parse(list.now)).toISOString().replace('T', ' ').slice(0, 19)} UTC)`;
    phones = list.data;
    render();
    onStates(
      new Map(
        phones.flatMap((p) => p.codes.map((c) => [smsKey(p.phone_number, c.code, c.sent_at), c.state])),
      ),
    );
  }

  /** Coalesces bursts (an SMS event per code): one request in flight, one more after it at most. */
  function refresh(): void {
    if (pending) {
      again = true;
      return;
    }
    pending = true;
    load()
      .catch((error: unknown) => say(error instanceof Error ? error.message : String(error), false))
      .finally(() => {
        pending = false;
        if (again) {
          again = false;
          refresh();
        }
      });
  }

  // The countdowns tick locally; reaching zero asks the server, which says "expired" on its clock.
  window.setInterval(() => {
    let due = false;
    for (const cell of body.querySelectorAll<HTMLElement>('td.expires[data-expires-at]')) {
      const left = Date.parse(cell.dataset.expiresAt ?? '') - (Date.now() + offsetMs);
      cell.textContent = countdown(left);
      if (left <= 0) due = true;
    }
    if (due) refresh();
  }, 1000);

  const form = (id: string, action: (f: HTMLFormElement) => Promise<string>) => {
    const f = q<HTMLFormElement>(`#${id}`);
    f.addEventListener('submit', (event) => {
      event.preventDefault();
      const button = f.querySelector('button');
      button?.setAttribute('aria-disabled', 'true');
      action(f)
        .then((sentence) => say(sentence))
        .catch((error: unknown) => say(error instanceof Error ? error.message : String(error), false))
        .finally(() => {
          button?.removeAttribute('aria-disabled');
          refresh();
        });
    });
  };

  form('send-otp', async (f) => {
    const phone = (f.elements.namedItem('phone') as HTMLInputElement).value.trim();
    otpToken ??= ((await control('POST', 'tokens', { scopes: ['otp:write'] })) as CreatedToken).token;
    const res = await fetch('/api/verifications', {
      method: 'POST',
      headers: { authorization: `Bearer ${otpToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ phone_number: phone }),
    });
    const answer = (await res.json()) as { error?: { message?: string; type?: string } };
    if (!res.ok)
      throw new Error(
        `POST /api/verifications answered ${res.status}: ${answer.error?.message ?? answer.error?.type ?? ''}`,
      );
    return `OTP sent to ${phone}.`;
  });

  form('advance-clock', async (f) => {
    const seconds = Number((f.elements.namedItem('seconds') as HTMLInputElement).value);
    const { now } = (await control('POST', 'clock', { advance_seconds: seconds })) as { now: string };
    return `Clock advanced by ${seconds} s; the server's time is now ${now}.`;
  });

  const tokenOutput = q<HTMLElement>('#token-output');
  form('create-token', async (f) => {
    const scopes = [...f.querySelectorAll<HTMLInputElement>('input[name="scope"]:checked')].map(
      (i) => i.value,
    );
    const created = (await control('POST', 'tokens', { scopes })) as CreatedToken;
    tokenOutput.replaceChildren(
      el('span', 'hint', 'token '),
      el('code', 'inline', created.token),
      el('span', 'hint', ' api-key '),
      el('code', 'inline', created.api_key),
    );
    return `Token created with ${scopes.length === 0 ? 'no scope' : scopes.join(', ')}.`;
  });

  form('reset', async () => {
    if (!window.confirm('Reset the server? Every token, person request, code and SMS is forgotten.'))
      return 'Reset cancelled.';
    await control('POST', 'reset');
    otpToken = undefined;
    return 'The server was reset.';
  });

  // Changes made elsewhere (a complete through the API sends no SMS) show within a few seconds.
  window.setInterval(refresh, 3000);
  refresh();
  return { refresh };
}
