/**
 * Collects log lines and writes them as one chunk per event-loop turn. Under load the demo SMS
 * log wrote one chunk per SMS, a syscall each; the benchmark measured ~37 µs per request for it.
 */
export interface LineBatch {
  write(line: string): void;
  /** Writes what is pending now (before a message that must come after it). */
  flush(): void;
}

export function lineBatch(write: (text: string) => void): LineBatch {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    write(text);
  };
  return {
    write(line) {
      pending.push(line);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
