/**
 * The caller's address for per-address attempt limits. Behind `trustedHops` proxies that each append
 * the address they received from to X-Forwarded-For, the client is the entry that many places from
 * the right; anything further left was written by the client itself and is ignored.
 */
import type { IncomingMessage } from 'node:http';

export function clientAddress(req: IncomingMessage, trustedHops: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustedHops <= 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const chain = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // Fewer entries than trusted hops: the request did not come through all of them.
  return chain.length >= trustedHops ? (chain[chain.length - trustedHops] ?? peer) : peer;
}
