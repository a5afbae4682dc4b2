// Bundled for the browser inside the temp project as docs/running-modes.md shows: no shims.

import { createHandlers } from 'ehealth-otp-kit/msw';
import { setupWorker } from 'msw/browser';

export const worker = setupWorker(...createHandlers().handlers);
