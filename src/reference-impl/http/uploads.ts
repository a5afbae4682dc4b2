import type { PersonRequests } from '../domain/person-requests.js';
import type { EngineRequest, EngineResponse } from './exchange.js';

const PREFIX = '/uploads/';

const plain = (status: number, error?: string): EngineResponse => ({
  status,
  headers: error === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
  body: error === undefined ? '' : JSON.stringify({ error }),
});

export const isUploadPath = (path: string): boolean => path.startsWith(PREFIX);

/**
 * The storage behind the OFFLINE upload URLs the kit hands out (`urgent.documents`): the
 * blueprint's client PUTs each one-page JPEG "directly to the storage" at a signed link
 * (AP:3214-3217), so this is a storage's answer, not an eHealth envelope: 200 with no body once
 * stored; 404 for an unknown request or type; 403 for a signature that is not the current one;
 * 415 unless `Content-Type: image/jpeg`; 413 above the body limit. Only `PUT` exists here. The
 * bytes are not kept: approve only needs to know that each document arrived (the twin HEADs each
 * object, APR:70-96). docs/reference-implementation.md "Person requests".
 */
export async function handleUpload(
  personRequests: PersonRequests,
  req: EngineRequest,
  path: string,
  query: string,
): Promise<EngineResponse> {
  const parts = path.slice(PREFIX.length).split('/');
  const [id, type] = parts;
  if (req.method !== 'PUT' || parts.length !== 2 || id === undefined || type === undefined)
    return plain(404, 'No such upload URL');
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'image/jpeg') return plain(415, 'Upload a JPEG: Content-Type: image/jpeg');
  if (req.bodyTooLarge === true) return plain(413, 'The document is too large');
  let decodedType: string;
  try {
    decodedType = decodeURIComponent(type);
  } catch {
    return plain(404, 'No such upload URL');
  }
  const signature = new URLSearchParams(query).get('signature') ?? '';
  const outcome = await personRequests.upload(id, decodedType, signature);
  if (outcome === 'uploaded') return plain(200);
  return outcome === 'not_found' ? plain(404, 'No such upload URL') : plain(403, 'Invalid signature');
}
