/**
 * The Apollo BFF's data source: a RESTDataSource subclass for the account API, as Apollo's docs
 * teach (one method per endpoint, headers in willSendRequest, one instance per request). It unwraps
 * the contract's envelope and turns `result: false` into a GraphQL error carrying the mcode.
 */
import { type AugmentedRequest, type DataSourceConfig, RESTDataSource } from '@apollo/datasource-rest';
import { GraphQLError } from 'graphql';

interface Envelope<T> {
  result: boolean;
  mcode: string;
  data?: T;
}

export interface WireTradingAccount {
  accountId: string;
  accountName?: string | null;
  accountType?: string | null;
  accountGroup?: string | null;
  accountGroupName?: string | null;
  balance?: number | null;
  currency?: string | null;
  leverage?: number | null;
  platformName?: string | null;
  serverName?: string | null;
  status?: boolean | null;
}

export interface WireUserDetail {
  username?: string | null;
  accounts?: WireTradingAccount[] | null;
}

export interface WireSearchHit {
  pubUserId: string;
  realName?: string | null;
}

export interface WireSearchPage {
  list: WireSearchHit[];
  total: number;
}

export interface WireLogin {
  userId: string;
  phone?: string | null;
  language?: string | null;
}

export interface Tenant {
  id: string;
  apiKey: string;
}

export class AccountsAPI extends RESTDataSource {
  private readonly tenant: Tenant;

  constructor(baseURL: string, tenant: Tenant, config?: DataSourceConfig) {
    super(config);
    // A trailing slash, so relative paths resolve below it.
    this.baseURL = baseURL.endsWith('/') ? baseURL : `${baseURL}/`;
    this.tenant = tenant;
  }

  protected override willSendRequest(_path: string, request: AugmentedRequest): void {
    request.headers['x-api-tenantid'] = this.tenant.id;
    request.headers['x-api-token'] = this.tenant.apiKey;
  }

  async getUserDetail(userId: string): Promise<WireUserDetail> {
    return unwrap(
      await this.get<Envelope<WireUserDetail>>(`v1/api/user/${encodeURIComponent(userId)}/detail`),
    );
  }

  async searchUsers(type: string, value: string, size: number): Promise<WireSearchPage> {
    return unwrap(
      await this.get<Envelope<WireSearchPage>>('v1/api/user/list', {
        params: { type, value, page: '1', size: String(size) },
      }),
    );
  }

  async login(input: { loginName: string; password: string }): Promise<WireLogin> {
    return unwrap(await this.post<Envelope<WireLogin>>('v1/api/user/login', { body: input }));
  }
}

function unwrap<T>(envelope: Envelope<T>): T {
  if (!envelope.result || envelope.data === undefined) {
    throw new GraphQLError('The account service refused the request', {
      extensions: { code: 'UPSTREAM_REFUSED', mcode: envelope.mcode },
    });
  }
  return envelope.data;
}
