/**
 * Types of one operation's inputs and success answer, read from an openapi-typescript
 * `operations[Op]` entry (src/generated/*.ts): the compiler, not a hand copy, says what a handler
 * receives and returns. Generic over the entry, so the eHealth API and the control API share them.
 */

/** The 2xx statuses in ascending order (RFC 9110 §15.3 and the registered extras). */
type SuccessCodes = readonly [200, 201, 202, 203, 204, 205, 206, 207, 208, 226];

type FirstIn<K, L extends readonly number[]> = L extends readonly [
  infer H extends number,
  ...infer R extends readonly number[],
]
  ? H extends K
    ? H
    : FirstIn<K, R>
  : never;

interface OperationShape {
  readonly parameters: object;
  readonly responses: object;
}

/**
 * The status the operation answers on success: its lowest declared 2xx, the same rule as
 * `OperationInfo.successStatus` (src/contract/operations.ts) applies at run time.
 */
export type SuccessStatusOf<O extends OperationShape> = FirstIn<keyof O['responses'], SuccessCodes>;

/** The JSON body of that success response; `undefined` where it declares none (204). */
export type SuccessContentOf<O extends OperationShape> = O['responses'][SuccessStatusOf<O> &
  keyof O['responses']] extends {
  readonly content: { readonly 'application/json': infer B };
}
  ? B
  : undefined;

/** The decoded `{…}` path segments; `{}` for an operation without any. */
export type PathParamsOf<O extends OperationShape> = O['parameters'] extends { readonly path: infer P }
  ? Readonly<P>
  : Readonly<Record<never, string>>;

/**
 * The request body after validation against the spec: the schema's type when the body is
 * required, `| undefined` when it is optional, `undefined` when the operation takes none.
 */
export type RequestBodyOf<O> = O extends {
  readonly requestBody: { readonly content: { readonly 'application/json': infer B } };
}
  ? B
  : O extends { readonly requestBody?: { readonly content: { readonly 'application/json': infer B } } }
    ? B | undefined
    : undefined;
