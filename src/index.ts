/**
 * `ehealth-otp-kit`: the reference implementation (the engine behind `serve` and the msw
 * handlers) and the bundled spec files. The other entry points: `ehealth-otp-kit/msw` (needs the
 * optional peer msw), `ehealth-otp-kit/client` and `ehealth-otp-kit/conformance`.
 */

export {
  loadSpec,
  type OpenApiDocument,
  type SpecName,
  specUrls,
} from './contract/spec-files.js';
export * from './reference-impl/index.js';
