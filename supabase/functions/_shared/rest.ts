// The Supabase APIs (REST, Auth) with the service role, through fetch: no SDK to download at deploy.

/** A Supabase API answered with an error status; `body` is its error body. */
export class SupabaseApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(
      `REST ${status}: ${typeof body === 'object' && body && 'message' in body ? body.message : String(body)}`,
    )
  }
}

export interface Rest {
  (
    path: string,
    init?: { method?: string; body?: unknown; prefer?: string; token?: string },
  ): Promise<unknown>
}

export function serviceRest(supabaseUrl: string, serviceKey: string): Rest {
  return async (path, init = {}) => {
    const headers: Record<string, string> = {
      apikey: serviceKey,
      authorization: `Bearer ${init.token ?? serviceKey}`,
      'content-type': 'application/json',
    }
    if (init.prefer) headers.prefer = init.prefer
    const res = await fetch(`${supabaseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    })
    const text = await res.text()
    const body = text ? JSON.parse(text) : null
    if (!res.ok) throw new SupabaseApiError(res.status, body)
    return body
  }
}
