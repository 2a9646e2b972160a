// The API key lives in sessionStorage only: it ends with the browser tab, is never written to localStorage, never
// put in a URL, and is sent only as the X-API-Key header of same-origin requests.
const STORAGE_KEY = "ibkr-gateway.api-key";

export function loadKey(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function saveKey(key: string): void {
  sessionStorage.setItem(STORAGE_KEY, key);
}

export function forgetKey(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
