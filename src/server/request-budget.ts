/**
 * The time one GraphQL request may spend on upstream work. Upstream calls stop when the budget is
 * spent or the caller hangs up: one controller and one timer, cleared when the request ends, rather
 * than AbortSignal.any over AbortSignal.timeout, whose signals outlive the request until a GC. The
 * reason matches AbortSignal.timeout's.
 */
export interface RequestBudget {
  signal: AbortSignal;
  /** The request is over; `abandoned` when its caller hung up before the answer. */
  end(abandoned: boolean): void;
}

export function startRequestBudget(budgetMs: number): RequestBudget {
  const abort = new AbortController();
  const timer = setTimeout(
    () => abort.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    budgetMs,
  );
  timer.unref();
  return {
    signal: abort.signal,
    end(abandoned) {
      clearTimeout(timer);
      if (abandoned) abort.abort();
    },
  };
}
