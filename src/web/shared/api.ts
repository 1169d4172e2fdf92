// fetch with the session cookie; an error answer becomes an ApiError carrying the server's message.
// Every request says X-Hotline-Client: web: the server refuses a write with the cookie but without it (CSRF).
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function api<T>(path: string, options: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(path, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: { 'x-hotline-client': 'web', ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    credentials: 'same-origin',
  });
  const payload = response.status === 204 ? {} : await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, (payload as { message?: string }).message ?? response.statusText);
  return payload as T;
}
