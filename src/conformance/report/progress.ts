import { formatResultLine, type LineStyle, paint } from './list.js';
import type { ScenarioResult } from './model.js';

/** Erase the current terminal line (CR, then EL 2: the whole line). */
const CLEAR = '\r\u001b[2K';
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * What `conform` prints while it runs. Everywhere: a line when the run starts (so a slow target
 * is not met with silence) and a line per finished scenario, in the order they finish. On a
 * terminal also one status line kept at the bottom, redrawn in place: a spinner, the running
 * count and the scenarios in flight, refreshed on a timer so a target that hangs still shows life.
 * Not a terminal (CI logs, pipes): plain lines only, no control characters.
 */
export class LiveProgress {
  readonly #running = new Set<string>();
  #done = 0;
  #total = 0;
  #frame = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly write: (s: string) => void,
    private readonly terminal: boolean,
    private readonly style: LineStyle,
  ) {}

  plan(total: number, target: string): void {
    this.#total = total;
    this.write(`Running ${total} scenario(s) against ${target}\n`);
    if (this.terminal) {
      this.#timer = setInterval(() => this.#status(), 120);
      this.#timer.unref();
    }
  }

  start(id: string): void {
    this.#running.add(id);
    if (this.terminal) this.#status();
  }

  finish(result: ScenarioResult): void {
    this.#running.delete(result.id);
    this.#done++;
    const count = paint(
      this.style,
      '2',
      `[${String(this.#done).padStart(String(this.#total).length)}/${this.#total}] `,
    );
    this.write(
      `${this.terminal ? CLEAR : ''}${this.terminal ? count : ''}${formatResultLine(result, this.style)}`,
    );
    if (this.terminal) this.#status();
  }

  /** A line of its own, above the status line (Ctrl-C's notice). */
  note(text: string): void {
    this.write(`${this.terminal ? CLEAR : ''}${text}\n`);
  }

  end(): void {
    clearInterval(this.#timer);
    if (this.terminal) this.write(CLEAR);
  }

  #status(): void {
    this.#frame = (this.#frame + 1) % SPINNER.length;
    const names = [...this.#running];
    const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ` +${names.length - 3}` : '');
    const line = `${SPINNER[this.#frame]} ${this.#done}/${this.#total} done${shown === '' ? '' : ` · running ${shown}`}`;
    // Kept within 80 columns, so it never wraps (a wrapped line cannot be erased with one CR).
    this.write(`${CLEAR}${paint(this.style, '36', line.slice(0, 79))}`);
  }
}
