import type { Page } from "@playwright/test";

// Records which event types each EventTarget got a listener for, so a test can tell when the
// WebAssembly app has hydrated (Leptos attaches its listeners while hydrating).
export async function trackListeners(page: Page) {
  await page.addInitScript(() => {
    const seen = new WeakMap<EventTarget, Set<string>>();
    (window as unknown as { __e2eListeners: typeof seen }).__e2eListeners = seen;
    const original = EventTarget.prototype.addEventListener;
    EventTarget.prototype.addEventListener = function (
      this: EventTarget,
      type: string,
      ...rest: [EventListenerOrEventListenerObject | null, (boolean | AddEventListenerOptions)?]
    ) {
      let types = seen.get(this);
      if (!types) {
        types = new Set();
        seen.set(this, types);
      }
      types.add(type);
      return original.call(this, type, ...rest);
    };
  });
}

/** Waits until the element matching `selector` has a listener for `type` (it has hydrated). */
export async function waitForListener(page: Page, selector: string, type: string) {
  await page.waitForFunction(
    ([sel, t]) => {
      const seen = (window as unknown as { __e2eListeners?: WeakMap<EventTarget, Set<string>> }).__e2eListeners;
      const el = document.querySelector(sel);
      return !!el && !!seen?.get(el)?.has(t);
    },
    [selector, type] as const,
    { timeout: 20_000 },
  );
}

export async function waitForHydration(page: Page) {
  await page.waitForFunction(() => {
    const seen = (window as unknown as { __e2eListeners?: WeakMap<EventTarget, Set<string>> }).__e2eListeners;
    return !!seen?.get(window)?.has("popstate");
  }, undefined, { timeout: 20_000 });
}

export const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

export const unique = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

/** A form field's input by its domain name (`email` -> `form[email]`). */
export const input = (page: Page, name: string) => page.locator(`[name="form[${name}]"]`);

/** The `div.field` around that input, where its error is shown. */
export const field = (page: Page, name: string) => page.locator(`div.field:has(> [name="form[${name}]"])`);
