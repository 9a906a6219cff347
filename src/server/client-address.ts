/**
 * The caller's address for per-address attempt limits. Behind `trustedHops` proxies that each append
 * the address they received from to X-Forwarded-For, the client is the entry that many places from
 * the right; anything further left was written by the client itself and is ignored.
 */
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

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

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** 127.0.0.0/8, ::1, or 127.x mapped into IPv6 (::ffff:127.0.0.1). */
export function isLoopbackAddress(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && LOOPBACK.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'] as const;

/**
 * True when the caller is on this machine: both the socket peer and the address the trusted proxies
 * name are loopback. The peer alone is not enough behind a local proxy; the forwarded address alone
 * can be written by anyone who reaches the port directly. With no trusted proxies, a request that
 * carries a forwarding header came through a proxy nobody configured (one on this host makes every
 * caller's peer loopback): not local.
 */
export function callerIsLocal(req: IncomingMessage, trustedHops: number): boolean {
  const peer = req.socket.remoteAddress ?? '';
  if (trustedHops <= 0 && FORWARDING_HEADERS.some((name) => req.headers[name] !== undefined)) return false;
  return isLoopbackAddress(peer) && isLoopbackAddress(clientAddress(req, trustedHops));
}
