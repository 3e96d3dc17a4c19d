/*
 * The door app (tickets/door.html): admits visitors with no network and syncs.
 *
 * While there is a network the host registers this browser as a door device
 * for today and downloads the door list (tickets.door.door_list): for each
 * ticket an HMAC of its codes under this device's key, its slot, party,
 * names, status and admission time. The list lives in IndexedDB; the page
 * itself and its scripts are kept by the service worker (door-sw.js), so the
 * app opens from the home screen with no network.
 *
 * Every admission and walk-in is an event with an id made here (a UUID) and
 * this device's clock, stored until the server has it. Sync sends the events
 * waiting, and the answer gives each one's outcome (admitted, double
 * admission, refused), what changed meanwhile and a fresh list; events are
 * idempotent, so sending one again after a lost answer changes nothing.
 *
 * The list is wiped when its day is over, when the host leaves (the page's
 * log-out button, or "cancel the data") and when the server says the device
 * was revoked. Events not yet synced survive the end of the day so they can
 * still be sent (they carry no personal data: booking ids and times).
 */
(function () {
  "use strict";

  const root = document.querySelector("[data-door]");
  if (!root) {
    return;
  }
  const T = JSON.parse(document.getElementById("door-strings").textContent);
  const org = root.dataset.organisation;
  const user = root.dataset.user;
  const SYNC_EVERY_MS = 20000;
  const DB_NAME = "manifatture-door";

  function t(key, values) {
    return T[key].replace(/\{(\w+)\}/g, function (match, name) {
      return values && name in values ? String(values[name]) : match;
    });
  }

  const $ = (selector) => root.querySelector(selector);
  const ui = {
    nojs: $("[data-door-nojs]"),
    setup: $("[data-door-setup]"),
    deviceText: $("[data-door-device]"),
    register: $("[data-door-register]"),
    install: $("[data-door-install]"),
    app: $("[data-door-app]"),
    network: $("[data-door-network]"),
    status: $(".door-status"),
    pending: $("[data-door-pending]"),
    lastSync: $("[data-door-last-sync]"),
    syncButton: $("[data-door-sync]"),
    slot: $("[data-door-slot]"),
    check: $("[data-door-check]"),
    code: $("#door-code"),
    result: $("[data-door-result]"),
    walkIns: $("[data-door-walk-ins]"),
    walkInCount: $("[data-door-walk-in-count]"),
    counts: $("[data-door-counts]"),
    changes: $("[data-door-changes]"),
    forget: $("[data-door-forget]"),
  };

  // IndexedDB: "state" holds one record per organisation (device, key, list,
  // last sync); "events" the events not yet confirmed by the server.
  let dbPromise = null;
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        const request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          const database = request.result;
          database.createObjectStore("state", { keyPath: "org" });
          const events = database.createObjectStore("events", { keyPath: "id" });
          events.createIndex("org", "org");
        };
        request.onsuccess = function () {
          resolve(request.result);
        };
        request.onerror = function () {
          reject(request.error);
        };
      });
    }
    return dbPromise;
  }

  function transact(stores, mode, work) {
    return db().then(function (database) {
      return new Promise(function (resolve, reject) {
        const tx = database.transaction(stores, mode);
        let value;
        Promise.resolve(work(tx)).then(function (result) {
          value = result;
        });
        tx.oncomplete = function () {
          resolve(value);
        };
        tx.onerror = tx.onabort = function () {
          reject(tx.error);
        };
      });
    });
  }

  function requestValue(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () {
        resolve(request.result);
      };
      request.onerror = function () {
        reject(request.error);
      };
    });
  }

  const store = {
    load: () => transact(["state"], "readonly", (tx) => requestValue(tx.objectStore("state").get(org))),
    save: (state) => transact(["state"], "readwrite", (tx) => tx.objectStore("state").put(state)),
    events: () =>
      transact(["events"], "readonly", (tx) =>
        requestValue(tx.objectStore("events").index("org").getAll(org)),
      ),
    // An event and the state it changed, together or not at all.
    record: (state, event) =>
      transact(["state", "events"], "readwrite", function (tx) {
        tx.objectStore("state").put(state);
        tx.objectStore("events").put(event);
      }),
    forgetEvents: (ids) =>
      transact(["events"], "readwrite", function (tx) {
        ids.forEach((id) => tx.objectStore("events").delete(id));
      }),
    wipe: (keepEvents) =>
      transact(["state", "events"], "readwrite", function (tx) {
        tx.objectStore("state").delete(org);
        if (!keepEvents) {
          return requestValue(tx.objectStore("events").index("org").getAllKeys(org)).then(
            (keys) => keys.forEach((key) => tx.objectStore("events").delete(key)),
          );
        }
      }),
  };

  // Codes and their hashes (tickets.door.ticket_hash, tickets.codes) --------------
  const HEX = /^[0-9A-F]{20}$/;
  const SHORT = /^[0-9A-HJKMNP-TV-Z]{10}$/;

  function codeKind(text) {
    let value = (text || "").trim();
    // The QR code carries "CODE:signature": the signature is checked by the
    // server at sync; the door needs the code.
    if (value.indexOf(":") > 0) {
      value = value.slice(0, value.indexOf(":"));
    }
    value = value.replace(/[\s\-.]+/g, "").toUpperCase();
    if (HEX.test(value)) {
      return { kind: "T", code: value };
    }
    value = value.replace(/O/g, "0").replace(/[IL]/g, "1");
    if (SHORT.test(value)) {
      return { kind: "S", code: value };
    }
    return null;
  }

  let hmacKey = null;
  function importKey(hex) {
    const bytes = new Uint8Array(hex.match(/../g).map((pair) => parseInt(pair, 16)));
    return crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]);
  }

  function hashOf(kind, code) {
    const message = new TextEncoder().encode(kind + ":" + code);
    return crypto.subtle.sign("HMAC", hmacKey, message).then(function (signature) {
      return Array.from(new Uint8Array(signature).slice(0, 16))
        .map((byte) => byte.toString(16).padStart(2, "0"))
        .join("");
    });
  }

  function newId() {
    if (crypto.randomUUID) {
      return crypto.randomUUID();
    }
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // State -------------------------------------------------------------------------
  let state = null; // {org, user, device, name, key, syncUrl, day, list, serverTime, lastSync}
  let pending = []; // events not yet confirmed
  let byHash = new Map();
  let syncing = false;

  function localDay(date) {
    const d = date || new Date();
    return [d.getFullYear(), String(d.getMonth() + 1).padStart(2, "0"), String(d.getDate()).padStart(2, "0")].join("-");
  }

  function timeOf(iso) {
    const date = new Date(iso);
    return String(date.getHours()).padStart(2, "0") + ":" + String(date.getMinutes()).padStart(2, "0");
  }

  function index() {
    byHash = new Map();
    if (state && state.list) {
      state.list.tickets.forEach(function (ticket) {
        byHash.set("T" + ticket.h, ticket);
        byHash.set("S" + ticket.s, ticket);
      });
    }
  }

  function slotOf(id) {
    return state.list.slots.find((slot) => slot.id === id);
  }

  // Server list plus what this door did that the server has not confirmed yet.
  function applyPending(list) {
    pending.forEach(function (event) {
      if (event.kind === "admit") {
        const ticket = list.tickets.find((item) => item.id === event.booking);
        if (ticket && !ticket.in) {
          ticket.in = event.at;
        }
      }
    });
    return list;
  }

  function walkInsOf(slot) {
    return pending
      .filter((event) => event.kind === "walk_in" && event.slot === slot.id)
      .reduce((total, event) => total + event.delta, slot.walk_ins);
  }

  // Feedback: sound, vibration, the live region ------------------------------------
  let audio = null;
  function beep(ok) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.type = ok ? "sine" : "square";
      oscillator.frequency.value = ok ? 880 : 220;
      gain.gain.value = 0.15;
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start();
      oscillator.stop(audio.currentTime + (ok ? 0.15 : 0.45));
    } catch (error) {
      /* No sound on this device: the text and vibration remain. */
    }
    if (navigator.vibrate) {
      navigator.vibrate(ok ? 80 : [80, 60, 80]);
    }
  }

  function show(kind, title, lines) {
    const box = document.createElement("div");
    box.className =
      "alert checkin-result " +
      (kind === "valid" ? "alert-success checkin-result--valid" : "alert-danger checkin-result--refused");
    box.dataset.result = kind;
    const heading = document.createElement("p");
    heading.className = "checkin-result__title";
    heading.textContent = title;
    box.appendChild(heading);
    lines.forEach(function (line) {
      const p = document.createElement("p");
      p.className = "mb-0";
      p.textContent = line;
      box.appendChild(p);
    });
    ui.result.replaceChildren(box);
    beep(kind === "valid");
  }

  function refuse(kind, title, message) {
    show(kind, title, [message]);
    ui.code.focus();
    ui.code.select();
  }

  // Rendering ---------------------------------------------------------------------
  function renderStatus() {
    const online = navigator.onLine;
    ui.network.textContent = online ? T.online : T.offline;
    ui.status.classList.toggle("door-status--offline", !online);
    ui.pending.textContent = t("pending", { n: pending.length });
    ui.pending.dataset.pending = String(pending.length);
    ui.lastSync.textContent = state && state.lastSync ? t("lastSync", { time: timeOf(state.lastSync) }) : T.neverSynced;
  }

  function renderSlots() {
    const current = ui.slot.value;
    ui.slot.replaceChildren();
    state.list.slots.forEach(function (slot) {
      const option = document.createElement("option");
      option.value = String(slot.id);
      option.textContent = slot.time + " · " + slot.activity;
      ui.slot.appendChild(option);
    });
    if (current && state.list.slots.some((slot) => String(slot.id) === current)) {
      ui.slot.value = current;
    } else {
      const relevant = slotToStartOn(state.list.slots, Date.now());
      if (relevant) {
        ui.slot.value = String(relevant.id);
      }
    }
  }

  // The slot the door starts on: one under way now, a booked one before a
  // drop-in one (its tickets are what the door scans) and the latest started;
  // else the next to start; else the last of the day. Two all-day slots are
  // both under way all day: the list's order alone picked the drop-in one.
  function slotToStartOn(slots, now) {
    const on = slots.filter((slot) => Date.parse(slot.starts_at) <= now && now <= Date.parse(slot.ends_at));
    if (on.length) {
      return on.slice().sort(function (a, b) {
        return (a.drop_in - b.drop_in) || (Date.parse(b.starts_at) - Date.parse(a.starts_at));
      })[0];
    }
    const next = slots.find((slot) => now < Date.parse(slot.starts_at));
    return next || slots[slots.length - 1];
  }

  function renderCounts() {
    ui.counts.replaceChildren();
    state.list.slots.forEach(function (slot) {
      let expected = 0;
      let admitted = 0;
      state.list.tickets.forEach(function (ticket) {
        if (ticket.slot === slot.id && ticket.status === "confirmed") {
          expected += ticket.party;
          if (ticket.in) {
            admitted += ticket.party;
          }
        }
      });
      const row = document.createElement("tr");
      row.dataset.slot = String(slot.id);
      if (String(slot.id) === ui.slot.value) {
        row.className = "door-counts__current";
      }
      const head = document.createElement("th");
      head.scope = "row";
      head.textContent = slot.time + " " + slot.activity;
      row.appendChild(head);
      [expected, admitted, expected - admitted, slot.drop_in ? walkInsOf(slot) : "–"].forEach(function (value, i) {
        const cell = document.createElement("td");
        cell.textContent = String(value);
        cell.dataset.count = ["expected", "admitted", "absent", "walk_ins"][i];
        row.appendChild(cell);
      });
      ui.counts.appendChild(row);
    });
    const slot = currentSlot();
    ui.walkIns.hidden = !(slot && slot.drop_in);
    if (slot && slot.drop_in) {
      ui.walkInCount.textContent = String(walkInsOf(slot));
    }
  }

  function renderDevice() {
    const ready = Boolean(state && state.list);
    ui.app.hidden = !ready;
    ui.register.hidden = ready;
    if (ready) {
      ui.deviceText.textContent = t("device", { name: state.name, n: state.list.tickets.length, day: state.day });
      if (!state.list.slots.length) {
        ui.deviceText.textContent += " " + T.noSlots;
      }
      renderSlots();
      renderCounts();
    } else {
      ui.deviceText.textContent = T.noDevice;
    }
    renderStatus();
  }

  function addChange(message, kind) {
    if (!message) {
      return;
    }
    const item = document.createElement("li");
    item.textContent = timeOf(new Date().toISOString()) + " · " + message;
    item.dataset.change = kind;
    ui.changes.prepend(item);
  }

  function currentSlot() {
    return state && state.list ? slotOf(Number(ui.slot.value)) : null;
  }

  // Admitting ---------------------------------------------------------------------
  async function check(text) {
    const slot = currentSlot();
    const parsed = codeKind(text);
    if (!text.trim()) {
      refuse("invalid", T.emptyTitle, T.empty);
      return;
    }
    const ticket = parsed ? byHash.get(parsed.kind + (await hashOf(parsed.kind, parsed.code))) : null;
    if (!ticket || !slot) {
      refuse("unknown", T.unknownTitle, T.unknown);
      return;
    }
    if (ticket.status !== "confirmed") {
      refuse("cancelled", T.cancelledTitle, T.cancelled);
      return;
    }
    if (ticket.slot !== slot.id) {
      const other = slotOf(ticket.slot);
      refuse("wrong_slot", T.wrongSlotTitle, t("wrongSlot", { activity: other.activity, time: other.time }));
      return;
    }
    if (ticket.in) {
      refuse("used", T.usedTitle, t("used", { time: timeOf(ticket.in) }));
      return;
    }
    const now = new Date();
    if (now < new Date(slot.opens)) {
      refuse("outside_window", T.windowTitle, t("tooEarly", { time: timeOf(slot.opens) }));
      return;
    }
    if (now > new Date(slot.closes)) {
      refuse("outside_window", T.windowTitle, t("tooLate", { time: timeOf(slot.closes) }));
      return;
    }
    const event = { id: newId(), org: org, kind: "admit", slot: slot.id, booking: ticket.id, delta: 0, at: now.toISOString() };
    ticket.in = event.at;
    pending.push(event);
    await store.record(state, event);
    const lines = [
      ticket.name + (ticket.group ? " · " + ticket.group : ""),
      ticket.party === 1 ? T.person : t("people", { n: ticket.party }),
    ];
    // Named tickets: the door checks the names (and, where asked, a document).
    if (ticket.names && ticket.names.length) {
      lines.push(t("names", { names: ticket.names.join(", ") }));
    } else if (slot.named) {
      lines.push(T.namesMissing);
    }
    if (slot.id_check) {
      lines.push(T.idCheck);
    }
    show("valid", T.valid, lines);
    ui.code.value = "";
    ui.code.focus();
    renderCounts();
    renderStatus();
    sync();
  }

  async function walkIn(delta) {
    const slot = currentSlot();
    if (!slot || !slot.drop_in) {
      return;
    }
    if (delta < 0 && walkInsOf(slot) <= 0) {
      refuse("walk_in", T.walkInTitle, T.walkInZero);
      return;
    }
    const event = { id: newId(), org: org, kind: "walk_in", slot: slot.id, booking: null, delta: delta, at: new Date().toISOString() };
    pending.push(event);
    await store.record(state, event);
    renderCounts();
    renderStatus();
    ui.result.replaceChildren(document.createTextNode(t("walkIn", { n: walkInsOf(slot) })));
    beep(true);
    sync();
  }

  // Sync --------------------------------------------------------------------------
  // The cookie's token is current even when this page is the service
  // worker's copy from before a new login; the page's is the fallback.
  function csrf() {
    const name = root.dataset.csrfCookie + "=";
    const cookie = document.cookie.split("; ").find((item) => item.indexOf(name) === 0);
    return cookie ? decodeURIComponent(cookie.slice(name.length)) : root.dataset.csrf;
  }

  async function sync() {
    if (syncing || !state || !state.syncUrl) {
      return;
    }
    syncing = true;
    ui.syncButton.disabled = true;
    const sent = pending.slice();
    try {
      const response = await fetch(state.syncUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify({
          since: state.serverTime || null,
          events: sent.map((event) => ({
            id: event.id,
            kind: event.kind,
            slot: event.slot,
            booking: event.booking,
            delta: event.delta,
            at: event.at,
          })),
        }),
      });
      const type = response.headers.get("Content-Type") || "";
      const answer = type.indexOf("json") >= 0 ? await response.json() : null;
      if (answer && answer.wipe) {
        // Revoked, past its day, or no longer this person's door.
        await wipe(false);
        ui.result.replaceChildren(document.createTextNode(answer.error || T.wiped));
        return;
      }
      if (response.redirected || !answer) {
        // The login page, or a refused CSRF token: the data stays for later.
        addChange(response.status === 403 ? T.csrfStale : T.loginNeeded, "login");
        return;
      }
      if (!response.ok) {
        throw new Error("sync " + response.status);
      }
      const done = new Set(answer.results.map((result) => result.id));
      answer.results.forEach((result) => addChange(result.message, result.outcome));
      answer.changes.forEach((change) => addChange(change.message, change.kind));
      pending = pending.filter((event) => !done.has(event.id));
      await store.forgetEvents(Array.from(done));
      state.serverTime = answer.server_time;
      state.lastSync = new Date().toISOString();
      if (answer.list) {
        state.list = applyPending(answer.list);
      } else {
        // The device's day is over: the list goes, the events were sent.
        state.list = null;
        state.key = null;
      }
      await store.save(state);
      index();
      renderDevice();
    } catch (error) {
      if (sent.length) {
        addChange(T.syncFailed, "failed");
      }
    } finally {
      syncing = false;
      ui.syncButton.disabled = false;
      renderStatus();
    }
  }

  async function wipe(keepEvents) {
    await store.wipe(keepEvents);
    if (!keepEvents) {
      pending = [];
      // The kept copy of the page names visitors (double admissions): it goes too.
      if (window.caches) {
        const names = await caches.keys();
        await Promise.all(
          names.filter((name) => name.indexOf("manifatture-door-") === 0).map((name) => caches.delete(name)),
        );
      }
    }
    state = null;
    hmacKey = null;
    byHash = new Map();
    renderDevice();
  }

  // Setting up --------------------------------------------------------------------
  async function register(event) {
    event.preventDefault();
    const data = new FormData(ui.register);
    try {
      const response = await fetch(root.dataset.registerUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf() },
        body: data,
      });
      if (!response.ok || (response.headers.get("Content-Type") || "").indexOf("json") < 0) {
        throw new Error("register " + response.status);
      }
      const device = await response.json();
      state = {
        org: org,
        user: user,
        device: device.device,
        name: device.name,
        key: device.key,
        syncUrl: device.sync_url,
        day: device.day,
        list: null,
        serverTime: null,
        lastSync: null,
      };
      await store.save(state);
      hmacKey = await importKey(state.key);
      await sync();
      ui.code.focus();
    } catch (error) {
      ui.deviceText.textContent = T.registerFailed;
    }
  }

  function setUpServiceWorker() {
    if (!("serviceWorker" in navigator)) {
      return;
    }
    navigator.serviceWorker
      .register(root.dataset.swUrl, { scope: root.dataset.scope })
      .then(() => navigator.serviceWorker.ready)
      .then(function (registration) {
        // This page and what it loaded, for opening the app with no network.
        const urls = [location.href.split("#")[0]];
        document.querySelectorAll("link[rel=stylesheet][href], script[src]").forEach(function (node) {
          urls.push(node.href || node.src);
        });
        registration.active.postMessage({ type: "cache", urls: urls });
      })
      .catch(function () {
        /* No offline copy of the page: the app still works while it is open. */
      });
  }

  let installPrompt = null;
  window.addEventListener("beforeinstallprompt", function (event) {
    event.preventDefault();
    installPrompt = event;
    ui.install.hidden = false;
  });
  ui.install.querySelector("button").addEventListener("click", function () {
    if (installPrompt) {
      installPrompt.prompt();
      installPrompt = null;
      ui.install.hidden = true;
    }
  });

  // The door list is for one day only: past it, the list and key go; events
  // not yet sent stay until a sync takes them.
  async function endOfDay() {
    if (!state || state.day === localDay()) {
      return;
    }
    state.list = null;
    state.key = null;
    await store.save(state);
    if (pending.length) {
      await sync();
    }
    if (!pending.length) {
      await wipe(false);
    }
  }

  async function start() {
    ui.nojs.hidden = true;
    ui.setup.hidden = false;
    setUpServiceWorker();
    pending = await store.events();
    state = (await store.load()) || null;
    if (state && state.user !== user) {
      // Someone else logged in on this browser: nothing of theirs stays.
      await wipe(false);
    }
    await endOfDay();
    if (state && state.key) {
      hmacKey = await importKey(state.key);
      if (state.list) {
        state.list = applyPending(state.list);
      }
    }
    index();
    renderDevice();

    ui.register.addEventListener("submit", register);
    ui.check.addEventListener("submit", function (event) {
      event.preventDefault();
      check(ui.code.value);
    });
    ui.slot.addEventListener("change", renderCounts);
    ui.syncButton.addEventListener("click", sync);
    root.querySelectorAll("[data-door-walk-in]").forEach(function (button) {
      button.addEventListener("click", () => walkIn(Number(button.dataset.doorWalkIn)));
    });
    ui.forget.addEventListener("click", async function () {
      if (pending.length && !window.confirm(t("confirmWipe", { n: pending.length }))) {
        return;
      }
      await wipe(false);
      ui.result.replaceChildren(document.createTextNode(T.wiped));
    });
    // Leaving: the base layout's log-out form wipes this door's data first.
    document.querySelectorAll("form[action='" + root.dataset.logoutUrl + "']").forEach(function (form) {
      form.addEventListener("submit", async function (event) {
        if (form.dataset.doorWiped) {
          return;
        }
        event.preventDefault();
        if (pending.length && navigator.onLine) {
          await sync();
        }
        if (pending.length && !window.confirm(t("confirmWipe", { n: pending.length }))) {
          return;
        }
        await wipe(false);
        form.dataset.doorWiped = "1";
        form.submit();
      });
    });
    window.addEventListener("online", function () {
      renderStatus();
      sync();
    });
    window.addEventListener("offline", renderStatus);
    window.setInterval(function () {
      if (state && state.day !== localDay()) {
        endOfDay();
        return;
      }
      if (pending.length && navigator.onLine) {
        sync();
      }
    }, SYNC_EVERY_MS);
    if (window.QrScan) {
      window.QrScan.setUp(root, function (code) {
        ui.code.value = code;
        check(code);
      });
    }
    if (state && state.list && navigator.onLine) {
      sync();
    }
  }

  start();
})();
