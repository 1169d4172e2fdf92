// Where a request or socket carries its session: Bearer header first, then the session cookie.
export const SESSION_COOKIE = 'hotline_session';

export function tokenFromHeaders(headers: { authorization?: string; cookie?: string }): string | undefined {
  const bearer = headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) return bearer;
  for (const part of headers.cookie?.split(';') ?? []) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decoded(value.join('='));
  }
  return undefined;
}

/** A cookie value that is not valid percent-encoding is no token (decodeURIComponent would throw: a 500). */
function decoded(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
