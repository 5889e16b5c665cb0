import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allowHosts, assertPublicUrl, isInternalAddress, OutboundRefused, outboundRequest, type Resolver } from "@/lib/platform/outbound";

// A receiver on loopback that counts what reaches it.
let server: Server;
let port: number;
let hits = 0;
beforeAll(async () => {
  server = createServer((_req, res) => {
    hits++;
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((r) => server.close(r)));

const resolvingTo =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

describe("isInternalAddress", () => {
  it("covers loopback, link-local, private, unique-local and IPv4 inside IPv6; not public addresses", () => {
    for (const address of [
      "127.0.0.1",
      "127.9.9.9",
      "0.0.0.0",
      "10.0.0.1",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "255.255.255.255",
      "::1",
      "::",
      "fc00::1",
      "fd12:3456::1",
      "fe80::1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "::ffff:10.0.0.1",
      "::ffff:a9fe:a9fe",
      "64:ff9b::a00:1",
    ]) {
      expect(isInternalAddress(address), address).toBe(true);
    }
    for (const address of ["93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8"]) {
      expect(isInternalAddress(address), address).toBe(false);
    }
  });
});

describe("assertPublicUrl", () => {
  it("refuses address literals and names that resolve inside, unless the host is allowed", async () => {
    for (const url of ["http://127.0.0.1/x", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://0x7f.1/", "http://2130706433/"]) {
      await expect(assertPublicUrl(url), url).rejects.toBeInstanceOf(OutboundRefused);
    }
    await expect(assertPublicUrl("https://hooks.example/x", { resolve: resolvingTo("10.1.2.3") })).rejects.toThrow(
      "hooks.example resolves to 10.1.2.3",
    );
    // One inside address among public ones is enough to refuse.
    await expect(assertPublicUrl("https://hooks.example/x", { resolve: resolvingTo("93.184.216.34", "fd00::1") })).rejects.toBeInstanceOf(
      OutboundRefused,
    );
    await expect(assertPublicUrl("https://hooks.example/x", { resolve: resolvingTo("93.184.216.34") })).resolves.toBeUndefined();
    await expect(assertPublicUrl("http://localhost:1/", { allowHost: allowHosts(["localhost"]) })).resolves.toBeUndefined();
    await expect(assertPublicUrl("http://[::1]:1/", { allowHost: allowHosts(["[::1]"]) })).resolves.toBeUndefined();
    // A name that does not resolve (yet) is checked again when requested.
    const unresolvable: Resolver = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    await expect(assertPublicUrl("https://later.example/", { resolve: unresolvable })).resolves.toBeUndefined();
  });
});

describe("outboundRequest", () => {
  it("never connects to an internal address: literal, resolved name, or a name that resolves inside only at request time", async () => {
    const before = hits;
    await expect(outboundRequest(`http://127.0.0.1:${port}/`, { timeoutMs: 2000 })).rejects.toBeInstanceOf(OutboundRefused);
    await expect(outboundRequest(`http://localhost:${port}/`, { timeoutMs: 2000 })).rejects.toThrow("localhost resolves to 127.0.0.1");
    // DNS rebinding: public when the URL was saved, loopback when the request is made. The socket connects
    // only to addresses that passed the check.
    let lookups = 0;
    const rebinding: Resolver = async () => [{ address: lookups++ === 0 ? "93.184.216.34" : "127.0.0.1", family: 4 }];
    await assertPublicUrl(`http://rebind.example:${port}/`, { resolve: rebinding });
    await expect(outboundRequest(`http://rebind.example:${port}/`, { timeoutMs: 2000, resolve: rebinding })).rejects.toBeInstanceOf(
      OutboundRefused,
    );
    expect(hits).toBe(before);
  });

  it("reaches an allowed host, reads at most maxBytes, and does not follow redirects", async () => {
    const allowHost = allowHosts(["localhost", "127.0.0.1"]);
    const res = await outboundRequest(`http://localhost:${port}/`, { timeoutMs: 2000, maxBytes: 100, allowHost });
    expect(res).toMatchObject({ status: 200, body: '{"ok":true}' });
    await expect(outboundRequest(`http://127.0.0.1:${port}/`, { timeoutMs: 2000, maxBytes: 5, allowHost })).rejects.toThrow("larger than 5 bytes");

    const redirecting = createServer((_req, res) => res.writeHead(302, { location: `http://127.0.0.1:${port}/` }).end());
    await new Promise<void>((r) => redirecting.listen(0, "127.0.0.1", r));
    const before = hits;
    const redirected = await outboundRequest(`http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/`, { timeoutMs: 2000, allowHost });
    expect(redirected.status).toBe(302);
    expect(hits).toBe(before);
    await new Promise((r) => redirecting.close(r));
  });
});
