// How the fake's REST routes answer: JSON, Discord's 404, and refusals recorded where tests look for them.
import type http from 'node:http';
import type { FakeDiscordState } from './fakeState.ts';
import { type FieldError, formBodyErrors } from './validate.ts';

/** Refuses the request being answered, the way Discord does (see `failer`). */
export type Fail = (status: number, code: number, message: string, errors?: FieldError[]) => void;

/** A request to a REST route, parsed, with the way to refuse it. */
export interface RouteRequest {
  method: string;
  /** The path after /api/v10, split at slashes and decoded. */
  route: string[];
  body: Record<string, unknown>;
  url: URL;
  res: http.ServerResponse;
  fail: Fail;
}

/** Answers a refused request the way Discord does, and records the refusal. */
export function failer(
  fake: FakeDiscordState,
  method: string,
  url: URL,
  route: string[],
  res: http.ServerResponse,
): Fail {
  return (status, code, message, errors) => {
    const rejection = { method, path: url.pathname, status, code, message, ...(errors ? { errors } : {}) };
    fake.rejections.push(rejection);
    const interaction = fake.interactionOfRoute(route);
    interaction?.rejections.push(rejection);
    json(res, status, { code, message, ...(errors ? { errors: formBodyErrors(errors) } : {}) });
  };
}

export function notFound(fake: FakeDiscordState, method: string, pathname: string, res: http.ServerResponse): void {
  fake.unexpected.push(`${method} ${pathname}`);
  json(res, 404, { code: 0, message: '404: Not Found' });
}

export function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}
