// State records the protocol version that wrote it: older state is upgraded, newer state refused by
// every method that receives it, naming the package version to install.
import { describe, expect, it } from "vitest";
import { LEGACY_PROVIDER_V0, PAYMENT_LINK_PROVIDER, STATE_VERSION } from "../../src/provider/protocol.ts";
import { packageVersion, refuseNewerState, stateAge, stateVersionOf, versionKeptByRead } from "../../src/provider/state-version.ts";
import { providerTests, upDiff } from "./provider-in-process.ts";

describe("stateVersionOf and stateAge", () => {
  const rows: { name: string; props: Record<string, unknown>; version: number; age: string }[] = [
    { name: "the path-walking text without the field is version 0", props: { __provider: LEGACY_PROVIDER_V0 }, version: 0, age: "older" },
    { name: "the v1 text without the field is version 1", props: { __provider: PAYMENT_LINK_PROVIDER }, version: 1, age: "older" },
    { name: "state without the provider text nor the field is version 1", props: {}, version: 1, age: "older" },
    { name: "the field says the version", props: { __provider: PAYMENT_LINK_PROVIDER, state_version: STATE_VERSION }, version: STATE_VERSION, age: "current" },
    { name: "a higher field is newer state", props: { state_version: STATE_VERSION + 1 }, version: STATE_VERSION + 1, age: "newer" },
    { name: "a field that is not a whole number is ignored", props: { state_version: "9" }, version: 1, age: "older" },
  ];
  for (const row of rows) {
    it(row.name, () => {
      expect(stateVersionOf(row.props)).toBe(row.version);
      expect(stateAge(stateVersionOf(row.props))).toBe(row.age);
    });
  }
});

describe("refuseNewerState", () => {
  it("names the version that wrote the state and the one to install", () => {
    expect(() => refuseNewerState({ state_version: STATE_VERSION + 1, written_by: "9.1.0" }, 'payment link "Voucher"')).toThrow(
      `payment link "Voucher": its state was written by mytpe-links 9.1.0 (state version ${STATE_VERSION + 1}), newer than this mytpe-links ${packageVersion()}, ` +
        `which reads state up to version ${STATE_VERSION} and would drop what it does not know. Nothing was changed: install mytpe-links 9.1.0 or later (npm install mytpe-links@^9.1.0) and run again.`,
    );
  });

  it("lets current and older state through", () => {
    expect(() => refuseNewerState({ state_version: STATE_VERSION }, "x")).not.toThrow();
    expect(() => refuseNewerState({}, "x")).not.toThrow();
  });
});

describe("versionKeptByRead", () => {
  const current = { title: "Voucher", state_version: STATE_VERSION, written_by: packageVersion() };
  const rows: { name: string; stored: Record<string, unknown>; kept: Record<string, unknown> }[] = [
    { name: "1.0 state (the v1 text, no field) keeps no field: still version 1", stored: { __provider: PAYMENT_LINK_PROVIDER }, kept: { title: "Voucher" } },
    { name: "path-walking state keeps no field: still version 0", stored: { __provider: LEGACY_PROVIDER_V0 }, kept: { title: "Voucher" } },
    {
      name: "an older field is kept as stored",
      stored: { state_version: 1, written_by: "1.0.0" },
      kept: { title: "Voucher", state_version: 1, written_by: "1.0.0" },
    },
    { name: "current state is stamped as any write stamps it", stored: { state_version: STATE_VERSION, written_by: "0.9.0" }, kept: current },
  ];
  for (const row of rows) {
    it(row.name, () => {
      expect(versionKeptByRead(current, row.stored)).toEqual(row.kept);
    });
  }
});

describe("the provider meeting state of another version", () => {
  const t = providerTests();

  it("records the version and the package in inputs and outputs", async () => {
    const inputs = await t.checked();
    const { outs } = await t.host.create(inputs);
    for (const props of [inputs, outs]) expect(props).toMatchObject({ state_version: STATE_VERSION, written_by: packageVersion() });
  });

  it("refuses newer state in check, diff, read, update and delete, with no API call", async () => {
    const inputs = await t.checked();
    const { id, outs } = await t.host.create(inputs);
    const newer = { ...outs, state_version: STATE_VERSION + 1, written_by: "9.1.0" };
    const newerInputs = { ...inputs, state_version: STATE_VERSION + 1, written_by: "9.1.0" };
    t.sandbox.resetRequests();
    const news = await t.checked({ title: "Renamed" });
    t.sandbox.resetRequests();
    const calls = [
      t.host.check(newerInputs, t.inputs()),
      t.host.diff(id, newer, news),
      t.host.read(id, newer),
      t.host.update(id, newer, news),
      t.host.delete(id, newer),
    ];
    for (const call of calls) await expect(call).rejects.toThrow("install mytpe-links 9.1.0 or later");
    expect(t.sandbox.requests).toEqual([]);
    expect(t.sandbox.links().map((link) => link.status)).toEqual(["active"]);
  });

  it("upgrades older state with an update that sends nothing, and says from which version", async () => {
    const inputs = await t.checked();
    const { id, outs } = await t.host.create(inputs);
    const { state_version: _version, written_by: _writer, ...older } = outs;
    expect(await t.host.diff(id, older, inputs)).toEqual({ changes: true });
    expect(t.notes.join("\n")).toContain(
      `state written by an earlier version of mytpe-links (state version 1); recording it as state version ${STATE_VERSION} (no API write)`,
    );
    t.sandbox.resetRequests();
    const { outs: upgraded } = await t.host.update(id, older, inputs);
    expect(upgraded).toMatchObject({ state_version: STATE_VERSION });
    expect(t.writes()).toEqual([]);
  });

  it("records the live link on a refresh of older state but not the upgrade, which the next up still makes and says", async () => {
    const inputs = await t.checked();
    const { id, outs } = await t.host.create(inputs);
    const { state_version: _version, written_by: _writer, ...older } = outs;
    const paid = await fetch(`${t.sandbox.url}/sandbox/links/${id}/pay`, {
      method: "POST",
      headers: { "x-api-key": t.sandbox.apiKey, "x-api-secret": t.sandbox.apiSecret, "content-type": "application/json" },
      body: "{}",
    });
    expect(paid.status).toBe(201);
    const host = await t.nextRun();
    const read = await host.read(id, older);
    expect(read.props).toMatchObject({ paid_count: 1 });
    for (const props of [read.props, read.inputs ?? {}]) expect(props).not.toHaveProperty("state_version");
    expect(await upDiff(host, id, read.props, inputs)).toEqual({ changes: true });
    expect(t.notes.join("\n")).toContain(`(state version 1); recording it as state version ${STATE_VERSION} (no API write)`);
  });
});
