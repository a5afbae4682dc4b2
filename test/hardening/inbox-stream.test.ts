import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type PagesServer, startPagesServer } from '../web/server.js';

/**
 * Issue 18, defect 1: with ~8,000 SMS in the outbox (the default keeps 10,000) the whole outbox
 * went out as one `snapshot` event, tripped the 1 MiB buffer guard of src/web/inbox-events.ts, and
 * every stream was closed right after `retry: 3000`. Checked against the defect: with the snapshot
 * bound reverted (the whole outbox in one event) the test fails: the server closes the stream.
 */

let current: PagesServer | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

/** Reads the stream until `until` holds, or until the server closes it; resolves with the text either way. */
function readStream(
  url: string,
  until: (text: string) => boolean,
  onText: (text: string) => void = () => {},
): Promise<{ text: string; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        onText(text);
        if (until(text)) {
          req.destroy();
          resolve({ text, closedByServer: false });
        }
      });
      res.on('close', () => resolve({ text, closedByServer: true }));
    });
    req.on('error', reject);
    req.end();
  });
}

const events = (text: string, name: string) =>
  [...text.matchAll(new RegExp(`event: ${name}\\ndata: (.*)\\n\\n`, 'g'))].map(
    (m) => JSON.parse(m[1] ?? 'null') as { phone_number: string; code: string }[] | { code: string },
  );

describe('the inbox live stream with a full outbox', () => {
  it('sends a bounded snapshot of the newest SMS and stays open for new ones (10,000 in the outbox)', async () => {
    current = await startPagesServer({ demo: true });
    const { engine } = current;
    for (let i = 0; i < 10_000; i++)
      await engine.outbox.send(`+38050${String(i).padStart(7, '0')}`, 1000 + (i % 9000));
    expect((await engine.outbox.list()).length).toBe(10_000);

    let sent = false;
    // Once the snapshot is in, a new SMS must arrive on the same stream as an `sms` event.
    const { text, closedByServer } = await readStream(
      `${current.url}/inbox/events`,
      (t) => t.includes('event: sms'),
      (t) => {
        if (sent || !t.includes('event: snapshot')) return;
        sent = true;
        void engine.outbox.send('+380509999999', 4321);
      },
    );

    expect(closedByServer).toBe(false);
    const [snapshot] = events(text, 'snapshot') as { phone_number: string; code: string }[][];
    expect(snapshot).toBeDefined();
    const listed = snapshot ?? [];
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.length).toBeLessThanOrEqual(500);
    // Newest first: the last SMS sent before the stream opened heads the list.
    expect(listed[0]?.phone_number).toBe('+380500009999');
    expect(Buffer.byteLength(JSON.stringify(listed))).toBeLessThan(1024 * 1024);
    expect(events(text, 'sms')).toEqual([expect.objectContaining({ code: '4321' })]);
  });
});
