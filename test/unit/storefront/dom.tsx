import { act, type ReactNode } from "react";
import type { Root } from "react-dom/client";
import type { Window as HappyWindow } from "happy-dom" with { "resolution-mode": "import" };

/**
 * A browser DOM for the component tests (happy-dom, an ES module: loaded with a native import(), which
 * this file's transform keeps). `parse` reads server-rendered markup; `install` makes the DOM the global
 * one, so that react-dom/client can render and the tests can click and type like a shopper.
 */
export async function newWindow(): Promise<HappyWindow> {
  const { Window } = await import("happy-dom");
  return new Window({ url: "http://localhost:8000/" });
}

export async function parse(html: string): Promise<Document> {
  const window = await newWindow();
  window.document.body.innerHTML = html;
  return window.document as unknown as Document;
}

const GLOBALS = [
  "window",
  "document",
  "navigator",
  "HTMLElement",
  "HTMLInputElement",
  "Node",
  "Event",
] as const;

/** Makes a fresh DOM the global one; the returned function puts the previous globals back. */
export async function install(): Promise<{ window: HappyWindow; restore: () => Promise<void> }> {
  const window = await newWindow();
  const g = globalThis as Record<string, unknown>;
  const saved = Object.fromEntries(GLOBALS.map((k) => [k, g[k]]));
  for (const k of GLOBALS) g[k] = k === "window" ? window : (window as unknown as Record<string, unknown>)[k];
  g.IS_REACT_ACT_ENVIRONMENT = true;
  return {
    window,
    restore: async () => {
      await window.happyDOM.close();
      for (const k of GLOBALS) g[k] = saved[k];
    },
  };
}

/** Types into an input as a shopper does: React sees the change through the native value setter. */
export function type(window: HappyWindow, input: Element, value: string): void {
  const setter = Object.getOwnPropertyDescriptor(window.HTMLInputElement.prototype, "value")!.set!;
  setter.call(input, value);
  input.dispatchEvent(new window.Event("input", { bubbles: true }) as unknown as Event);
}

export const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, " ").trim();

/**
 * A React root in a fresh container for each test of the calling file. react-dom decides when it loads
 * whether it runs in a browser: the DOM is installed first, then react-dom is loaded.
 */
export function reactDom() {
  const it = {} as {
    window: HappyWindow;
    container: HTMLElement;
    render: (element: ReactNode) => Promise<void>;
  };
  let restore: () => Promise<void>;
  let createRoot: typeof import("react-dom/client").createRoot;
  let root: Root;
  beforeAll(async () => {
    ({ window: it.window, restore } = await install());
    ({ createRoot } = await import("react-dom/client"));
  });
  afterAll(() => restore());
  beforeEach(() => {
    it.container = it.window.document.createElement("div") as unknown as HTMLElement;
    it.window.document.body.appendChild(it.container as never);
    root = createRoot(it.container);
    it.render = (element) => act(async () => root.render(element));
  });
  afterEach(() => {
    act(() => root.unmount());
    it.container.remove();
  });
  return it;
}
