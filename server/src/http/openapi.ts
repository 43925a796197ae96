import { ErrorEnvelopeSchema } from '@balanced-scorecard/shared';
import { z } from 'zod';
import { STATUS_OF } from './error-handler';
import type { ErrorCode } from '../errors/app-error';
import type { RouteDefinition } from './route';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

/** Path and query parameters from a strict object schema. */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = toSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate each route. */
export function buildOpenApi(routes: readonly RouteDefinition[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const errorResponse = { description: 'Error', content: { 'application/json': { schema: toSchema(ErrorEnvelopeSchema, 'output') } } };
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const responses: Record<string, JsonSchema> = {
      [String(route.status ?? 200)]: { description: 'OK', content: { 'application/json': { schema: toSchema(route.response, 'output') } } },
      '400': errorResponse,
    };
    if (route.policy !== 'public') responses['401'] = errorResponse;
    if (route.policy !== 'public' && route.policy !== 'signedIn') responses['403'] = errorResponse;
    for (const code of route.errors ?? []) responses[String(STATUS_OF[code as ErrorCode] ?? 400)] = errorResponse;
    paths[path] ??= {};
    paths[path][route.method] = {
      summary: route.summary,
      tags: [route.tag],
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(route.body, 'input') } } } } : {}),
      responses,
      /** Who may call it (auth/access.ts). */
      'x-policy': route.policy,
      ...(route.policy !== 'public' ? { security: [{ hubspotSignature: [] }, { demoUser: [] }] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Balanced Scorecard API', version, description: 'Scorecards, check-ins, definition and sync of the Balanced Scorecard service.' },
    paths,
    components: {
      securitySchemes: {
        hubspotSignature: { type: 'apiKey', in: 'header', name: 'X-HubSpot-Signature-v3', description: 'Calls from HubSpot cards (hubspot.fetch), signed with the app secret.' },
        demoUser: { type: 'apiKey', in: 'header', name: 'X-Demo-User', description: 'Demo mode only: the demo user to view as.' },
      },
    },
  };
}
