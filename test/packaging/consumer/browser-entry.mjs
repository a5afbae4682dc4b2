// Bundled for the browser inside the temp project with the mapping docs/running-modes.md gives.

import { createHandlers, registerSpecs } from 'ehealth-otp-kit/msw';
import controlYaml from 'ehealth-otp-kit/openapi/control.yaml';
import ehealthYaml from 'ehealth-otp-kit/openapi/ehealth-otp.yaml';
import { setupWorker } from 'msw/browser';

registerSpecs({ ehealth: ehealthYaml, control: controlYaml });
export const worker = setupWorker(...createHandlers().handlers);
