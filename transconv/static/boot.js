// Starts the static players of a page (the book, without a kernel).
//
// Each player's text/html holds, inside one element marked data-tcv-boot: its bundled module
// as text (script type="text/plain" data-tcv-module), its model as JSON (script
// type="application/json" data-tcv-model) and an element .tcv-mount to draw into. This
// script, inlined as a module after each of them, imports the module from a blob URL and
// renders it with a stand-in for anywidget's model. Module scripts run after the page is
// parsed, so the first one starts every player; the others find nothing left to start.

/** A stand-in for anywidget's model: get, set, on, off, save_changes (nothing to save to). */
function standInModel(values) {
  const handlers = new Map();
  return {
    get: (name) => values[name],
    set(name, value) {
      if (values[name] === value) {
        return;
      }
      values[name] = value;
      for (const handler of [...(handlers.get(`change:${name}`) || [])]) {
        handler();
      }
    },
    on(event, handler) {
      handlers.set(event, [...(handlers.get(event) || []), handler]);
    },
    off(event, handler) {
      handlers.set(event, (handlers.get(event) || []).filter((h) => h !== handler));
    },
    save_changes() {},
  };
}

async function start(host) {
  const source = host.querySelector("script[data-tcv-module]").textContent;
  const values = JSON.parse(host.querySelector("script[data-tcv-model]").textContent);
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  try {
    const module = await import(url);
    const mount = host.querySelector(".tcv-mount");
    module.default.render({ model: standInModel(values), el: mount });
  } finally {
    URL.revokeObjectURL(url);
  }
}

for (const host of document.querySelectorAll("[data-tcv-boot]")) {
  host.removeAttribute("data-tcv-boot");
  start(host);
}
