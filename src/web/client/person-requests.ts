/**
 * The console's person-request panel (runs in the browser): each request's status, current
 * method and the code last sent for it, as `GET /__control/person_requests` answers them
 * (openapi/control.yaml listPersonRequests). Written with textContent only.
 */
import type { components } from '../../generated/control.js';
import { el } from './dom.js';

export type PersonRequestStateList = components['schemas']['PersonRequestStateList'];

/** Replaces the rows of `#requests`; the empty note shows while there is none. */
export function renderPersonRequests(
  table: HTMLTableElement,
  empty: HTMLElement,
  list: PersonRequestStateList,
): void {
  const body = table.tBodies[0];
  if (body === undefined) throw new Error('#requests has no tbody');
  table.hidden = list.data.length === 0;
  empty.hidden = list.data.length > 0;
  // Newest first, like the phones and the outbox; the control API lists them oldest first.
  body.replaceChildren(
    ...[...list.data].reverse().map((r) => {
      const row = el('tr');
      row.dataset.request = r.id;
      const id = el('th', 'request-id');
      id.scope = 'row';
      id.append(el('code', 'inline', r.id));
      const status = el('td', 'status', r.status);
      const current = r.authentication_method_current;
      const method = el(
        'td',
        'method',
        current.phone_number === undefined ? current.type : `${current.type} ${current.phone_number}`,
      );
      const code = el('td', 'code-sent');
      if (r.code === undefined) code.textContent = '—';
      else code.append(el('code', 'code small', r.code));
      row.append(id, status, method, code);
      return row;
    }),
  );
}
