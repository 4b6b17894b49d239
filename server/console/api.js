// Every data call of the console: relative URLs (so it works behind a reverse proxy on a
// sub-path), the token from sessionStorage as "Authorization: Token ..." (never a cookie, never
// in a URL), JSON in and out, errors as ApiError carrying kibridge's {"detail", "<field>": [..]}.

const TOKEN_KEY = 'kibridge.token';

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  save: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

export class ApiError extends Error {
  constructor(status, body) {
    const detail = body && typeof body === 'object' && body.detail ? body.detail : `HTTP ${status}`;
    super(detail);
    this.status = status;
    this.body = body && typeof body === 'object' ? body : {};
  }

  // The messages of a validation error for one field ([] when it names none).
  fieldErrors(field) {
    const messages = this.body[field];
    return Array.isArray(messages) ? messages : [];
  }
}

// Called with the ApiError of any 401, so the shell can ask for a token again.
let onUnauthorized = () => {};
export function setUnauthorizedHandler(handler) { onUnauthorized = handler; }

// api('api/status'), api('api/settings/', {method: 'PATCH', json: {...}}),
// api('api/imports?dry_run=1', {method: 'POST', body: file, type: 'application/xml'}).
export async function api(path, { method = 'GET', json, body, type, token } = {}) {
  const headers = { Accept: 'application/json' };
  const bearer = token || session.token();
  if (bearer) headers.Authorization = `Token ${bearer}`;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (type) {
    headers['Content-Type'] = type;
  }
  const response = await fetch(path, { method, headers, body, cache: 'no-store', credentials: 'omit' });
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = text; }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, data);
    if (response.status === 401 && !token) onUnauthorized(error);
    throw error;
  }
  return data;
}
