// Small hooks: load data now and again on a signal or every few seconds, keeping the last good answer and error.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { errorText } from "./api";

export interface Loaded<T> {
  data: T | undefined;
  error: string | null;
  reload(): void;
}

/** Runs `load` when `signal` changes and, with `everyMs`, on an interval; a failure keeps the previous data. */
export function useLoad<T>(load: () => Promise<T>, signal: unknown, everyMs?: number): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const loader = useRef(load);
  loader.current = load;
  const reload = useCallback(() => {
    loader.current().then(
      (value) => {
        setData(value);
        setError(null);
      },
      (err: unknown) => setError(errorText(err)),
    );
  }, []);
  useEffect(reload, [signal, reload]);
  useEffect(() => {
    if (everyMs === undefined) return;
    const timer = setInterval(reload, everyMs);
    return () => clearInterval(timer);
  }, [everyMs, reload]);
  return { data, error, reload };
}
