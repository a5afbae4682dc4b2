import { type InvalidEntry, toInvalidEntries } from '../../../contract/invalid-entries.js';
import { componentValidator } from '../../../contract/request-validators.js';
import { loadSpec } from '../../../contract/spec-files.js';
import type { components } from '../../../generated/ehealth-otp.js';
import { fail, ok } from '../../domain/errors.js';
import type { Handler } from './handler.js';

type Schemas = components['schemas'];

/** The query parameters of the list and the spec schema each is checked against (AP:3713-3721). */
const PARAMETERS = { status: 'PersonRequestStatus', page: 'PageNumber', page_size: 'PageSize' } as const;

/** A query value as JSON: digits are a number (the service casts them), anything else stays a string. */
const asJson = (raw: string): unknown => (/^-?[0-9]+$/.test(raw) ? Number(raw) : raw);

/** The defaults are the spec's (`default` of PageNumber and PageSize), not retyped here. */
function defaultOf(name: 'PageNumber' | 'PageSize'): number {
  const schemas: unknown = loadSpec('ehealth').components?.schemas;
  const schema: unknown =
    typeof schemas === 'object' && schemas !== null ? Reflect.get(schemas, name) : undefined;
  if (
    typeof schema === 'object' &&
    schema !== null &&
    'default' in schema &&
    typeof schema.default === 'number'
  )
    return schema.default;
  throw new Error(`the spec gives ${name} no default`);
}

/**
 * GET /api/person_requests (AP:3703-3731): newest first, `status` filtered, paged. Each parameter
 * is checked against its schema in the spec; a bad one gets 422 at `$.<name>`, as the service's
 * JSON-schema validator names query parameters.
 */
export const listPersonRequests: Handler<'listPersonRequests'> = async (ctx) => {
  const values: Record<string, unknown> = {};
  const invalid: InvalidEntry[] = [];
  for (const [name, schema] of Object.entries(PARAMETERS)) {
    const raw = ctx.query.get(name);
    if (raw === null) continue;
    const value = asJson(raw);
    const validate = componentValidator(schema, 'ehealth');
    if (validate(value)) values[name] = value;
    else
      for (const e of toInvalidEntries(validate.errors ?? [], value))
        invalid.push({ ...e, entry: e.entry.replace(/^\$/, `$.${name}`) });
  }
  if (invalid.length > 0) return fail({ code: 'person_request_invalid', invalid });
  const status = typeof values.status === 'string' ? values.status : undefined;
  const page = typeof values.page === 'number' ? values.page : defaultOf('PageNumber');
  const pageSize = typeof values.page_size === 'number' ? values.page_size : defaultOf('PageSize');
  const all = await ctx.personRequests.list(status);
  const data: Schemas['PatientRequestShort'][] = all
    .slice((page - 1) * pageSize, page * pageSize)
    .map((r) => {
      const p = r.created.body.person;
      return {
        id: r.id,
        status: r.status,
        person: {
          first_name: p.first_name,
          last_name: p.last_name,
          ...(p.second_name === undefined ? {} : { second_name: p.second_name }),
        },
        version: r.created.version,
      };
    });
  const paging = {
    page_number: page,
    page_size: pageSize,
    total_entries: all.length,
    total_pages: Math.ceil(all.length / pageSize),
  };
  return ok({ data, paging });
};
