/**
 * The part of @apollo/datasource-rest 6's API the Apollo BFF uses. The package lives in
 * bench/node_modules, installed on demand; these declarations keep `tsc` passing without it.
 */
declare module '@apollo/datasource-rest' {
  import type { KeyValueCache } from '@apollo/utils.keyvaluecache';

  export interface DataSourceConfig {
    /** The HTTP cache (honours the upstream's cache headers); Apollo Server's own by convention. */
    cache?: KeyValueCache;
  }

  /** A request as willSendRequest sees it, headers and params already objects. */
  export interface AugmentedRequest {
    method?: string;
    headers: Record<string, string>;
    params: URLSearchParams;
    body?: unknown;
  }

  export interface GetRequest {
    params?: Record<string, string | undefined> | URLSearchParams;
    headers?: Record<string, string>;
  }

  export interface PostRequest {
    /** A plain object is sent as JSON. */
    body?: object | string;
    headers?: Record<string, string>;
  }

  /** Fetches over node-fetch 2; deduplicates concurrent identical GETs of one instance. */
  export abstract class RESTDataSource {
    baseURL?: string;
    constructor(config?: DataSourceConfig);
    protected willSendRequest?(path: string, request: AugmentedRequest): void | Promise<void>;
    protected get<TResult = unknown>(path: string, request?: GetRequest): Promise<TResult>;
    protected post<TResult = unknown>(path: string, request?: PostRequest): Promise<TResult>;
  }
}
