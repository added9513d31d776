/**
 * A fake of the calls a provider field makes (`ProviderCalls`), for unit tests of the provider model:
 * every request is recorded, each is answered with the next scripted answer, and nothing is sent
 * anywhere. Integration tests use the real calls against the emulator instead.
 */
import type { z } from 'zod';
import { GatewayError } from '../../src/errors.js';
import type { UpstreamResponse } from '../../src/http/upstream-types.js';
import type { PostOptions, ProviderCalls, QueryParams } from '../../src/providers/account-api.js';

export type RecordedCall =
  | { readonly method: 'GET'; readonly path: string; readonly query: QueryParams | undefined }
  | {
      readonly method: 'POST';
      readonly path: string;
      readonly body: unknown;
      readonly options: PostOptions | undefined;
    };

/** A 200 answer with a JSON body and headers, as the HTTP client hands it over. */
export function answer(body: unknown, headers: Record<string, string> = {}): UpstreamResponse {
  return { status: 200, headers: new Headers(headers), body };
}

export function fakeCalls(...answers: UpstreamResponse[]): {
  calls: ProviderCalls;
  recorded: RecordedCall[];
} {
  const recorded: RecordedCall[] = [];
  const next = async (): Promise<UpstreamResponse> => {
    const scripted = answers.shift();
    if (scripted === undefined) throw new Error('no answer scripted for this call');
    return scripted;
  };
  const failure = (what: string) => new GatewayError('PROVIDER_ERROR', what);
  const parse = <T>(schema: z.ZodType<T>, value: unknown): T => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw failure('answered in an unexpected shape');
  };
  const calls: ProviderCalls = {
    get: (path, query) => {
      recorded.push({ method: 'GET', path, query });
      return next();
    },
    post: (path, body, options) => {
      recorded.push({ method: 'POST', path, body, options });
      return next();
    },
    getJson: async (path, schema, query) => parse(schema, (await calls.get(path, query)).body),
    postJson: async (path, body, schema, options) =>
      parse(schema, (await calls.post(path, body, options)).body),
    parse,
    failure,
  };
  return { calls, recorded };
}
