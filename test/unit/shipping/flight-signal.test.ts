import { FlightSignal } from "../../../src/shipping/flight-signal";

describe("FlightSignal, the signal of a shared Get Rates call", () => {
  it("tells each listener once, keeps the first reason, and forgets removed listeners", () => {
    const signal = new FlightSignal();
    const heard: string[] = [];
    const kept = () => heard.push("kept");
    const removed = () => heard.push("removed");
    signal.addEventListener("abort", kept);
    signal.addEventListener("abort", removed);
    signal.removeEventListener("abort", removed);
    signal.removeEventListener("abort", () => undefined); // never added: nothing changes
    expect(signal.aborted).toBe(false);

    const first = new Error("every checkout gave up");
    signal.abort(first);
    signal.abort(new Error("later"));
    expect(heard).toEqual(["kept"]);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(first);
  });
});
