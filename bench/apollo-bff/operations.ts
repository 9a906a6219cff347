/**
 * What the benchmark sends the Apollo BFF beyond the layer's own documents (which it answers as
 * written), and what the BFF does differently, for the benchmark's table.
 */

/** Scenario 4: the account service's login answer through the data source's POST. */
export const BFF_LOGIN = `mutation Login($input: LoginInput!) {
  login(input: $input) { userId phone language }
}`;

export const BFF_DIFFERS = {
  sessions: 'no sessions or auth: any caller may read any user',
} as const;
