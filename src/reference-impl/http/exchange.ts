/**
 * The engine's only input and output: plain objects, no WHATWG Request/Response (those cost about
 * fourfold throughput on the Node server path, docs/architecture.md "Plain objects"). Adapters for node:http and msw convert.
 */
export interface EngineRequest {
  readonly method: string;
  /** The request target as on the request line: path plus optional `?query`. */
  readonly target: string;
  /** `scheme://host[:port]`, used to build `meta.url`. */
  readonly origin: string;
  /** Header names in lower case; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The raw body bytes, or undefined when there was none. */
  readonly body: Uint8Array | undefined;
  /**
   * The adapter drained a body above `maxBodyBytes` without keeping it (`body` is undefined):
   * the lifecycle answers 413 where it would parse the body, after routing and authentication.
   */
  readonly bodyTooLarge?: boolean;
}

export interface EngineResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Serialized body; empty string for 204. */
  readonly body: string;
}
