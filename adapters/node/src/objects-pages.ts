/**
 * Walking every page of an App Context listing (docs/protocol.md §14.7): one request per page, sent only as the
 * loop asks for more, following `next` until a page has none. A page that hands back the cursor it was asked with
 * ends the walk rather than looping forever on a confused server.
 */
import { type PagedObjectsResponse, type PnRequest, type PnResponse, PubnubAbortError } from '@pubkit/core';
import { type ClientRuntime, execute } from './runtime.js';

/** How to build and read one page of a listing. */
export interface PagedListing<P, T> {
  readonly build: (params: P) => PnRequest;
  readonly parse: (res: PnResponse) => PagedObjectsResponse<T>;
}

/**
 * Every object of a listing, page after page. The first page is built at once, so bad options throw at the call.
 * @throws PubnubValidationError synchronously for bad options (see the listing's builder)
 */
export function walkPages<P extends { readonly page?: unknown; readonly signal?: AbortSignal | undefined }, T>(
  runtime: ClientRuntime,
  listing: PagedListing<P, T>,
  params: P,
): AsyncGenerator<T, void, undefined> {
  const first = listing.build(params);
  return walk(runtime, listing, params, first);
}

async function* walk<P extends { readonly page?: unknown; readonly signal?: AbortSignal | undefined }, T>(
  runtime: ClientRuntime,
  listing: PagedListing<P, T>,
  params: P,
  first: PnRequest,
): AsyncGenerator<T, void, undefined> {
  const { signal } = params;
  let request = first;
  let asked: string | undefined;
  for (;;) {
    if (signal?.aborted === true) {
      throw new PubnubAbortError(undefined, { operation: request.operation, cause: signal.reason });
    }
    const page = await execute(runtime, request, listing.parse, signal);
    yield* page.data;
    const next = page.next;
    if (next === undefined || page.data.length === 0 || next === asked) return;
    asked = next;
    request = listing.build({ ...params, page: { next } });
  }
}
