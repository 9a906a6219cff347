import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { callerIsLocal, clientAddress } from '../../src/server/client-address.js';

const request = (forwarded: string | undefined, peer = '10.0.0.9') =>
  ({
    headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
    socket: { remoteAddress: peer },
  }) as unknown as IncomingMessage;

describe('clientAddress', () => {
  it('uses the peer address unless proxies are trusted', () => {
    expect(clientAddress(request('1.2.3.4'), 0)).toBe('10.0.0.9');
  });

  it('takes the entry the trusted proxy appended, not what the client wrote', () => {
    // The client sent "X-Forwarded-For: 6.6.6.6"; the router appended the address it saw.
    expect(clientAddress(request('6.6.6.6, 203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(request('6.6.6.6, 203.0.113.7, 10.0.0.2'), 2)).toBe('203.0.113.7');
  });

  it('falls back to the peer when the chain is shorter than the trusted hops', () => {
    expect(clientAddress(request(undefined), 1)).toBe('10.0.0.9');
    expect(clientAddress(request('203.0.113.7'), 2)).toBe('10.0.0.9');
  });
});

describe('callerIsLocal', () => {
  const from = (peer: string, forwarded?: string) =>
    ({
      socket: { remoteAddress: peer },
      headers: forwarded ? { 'x-forwarded-for': forwarded } : {},
    }) as never;

  it('needs both the socket peer and the forwarded client on loopback', () => {
    expect(callerIsLocal(from('127.0.0.1'), 0)).toBe(true);
    expect(callerIsLocal(from('::1'), 0)).toBe(true);
    expect(callerIsLocal(from('::ffff:127.0.0.1'), 0)).toBe(true);
    expect(callerIsLocal(from('192.0.2.2'), 0)).toBe(false);
    // A local proxy forwarding a LAN caller.
    expect(callerIsLocal(from('127.0.0.1', '192.168.1.20'), 1)).toBe(false);
    expect(callerIsLocal(from('127.0.0.1', '127.0.0.1'), 1)).toBe(true);
    // A caller reaching the port directly writes the header itself.
    expect(callerIsLocal(from('192.0.2.2', '127.0.0.1'), 1)).toBe(false);
    expect(callerIsLocal(from('192.0.2.2', '10.0.0.1, 127.0.0.1'), 2)).toBe(false);
  });

  it('is not local through a proxy nobody configured, whatever it forwards', () => {
    const through = (name: string, value: string) =>
      ({ socket: { remoteAddress: '127.0.0.1' }, headers: { [name]: value } }) as never;
    // A reverse proxy on this host makes every caller's peer loopback; its header gives it away.
    for (const [name, value] of [
      ['x-forwarded-for', '203.0.113.7'],
      ['x-forwarded-for', '127.0.0.1'],
      ['forwarded', 'for=203.0.113.7'],
      ['x-real-ip', '203.0.113.7'],
    ] as const) {
      expect(callerIsLocal(through(name, value), 0)).toBe(false);
    }
  });
});
