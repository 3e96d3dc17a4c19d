/*
 * The door app's service worker (served by tickets.views.door_service_worker
 * from /biglietti/porta/sw.js, so its scope covers the door pages; the view
 * puts self.DOOR_ASSETS and self.DOOR_STATIC before this code).
 *
 * Door pages: from the network when there is one (and kept), from the cache
 * when not. Static files: from the cache, fetched and kept on first use.
 * Everything else, the sync above all, goes to the network untouched: the
 * door's data lives in IndexedDB, never in this cache.
 */
"use strict";

const CACHE = "manifatture-door-v1";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches
      .open(CACHE)
      .then(function (cache) {
        return cache.addAll(self.DOOR_ASSETS || []);
      })
      .then(function () {
        return self.skipWaiting();
      }),
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf("manifatture-door-") === 0 && name !== CACHE;
            })
            .map(function (name) {
              return caches.delete(name);
            }),
        );
      })
      .then(function () {
        return self.clients.claim();
      }),
  );
});

// The page asks to keep itself and what it loaded (its first visit was not
// yet under this worker).
self.addEventListener("message", function (event) {
  if (!event.data || event.data.type !== "cache" || !Array.isArray(event.data.urls)) {
    return;
  }
  const urls = event.data.urls.filter(function (url) {
    return new URL(url).origin === self.location.origin;
  });
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return Promise.all(
        urls.map(function (url) {
          return fetch(url, { credentials: "same-origin" })
            .then(function (response) {
              if (response.ok && !response.redirected) {
                return cache.put(url, response);
              }
            })
            .catch(function () {});
        }),
      );
    }),
  );
});

function isStatic(url) {
  return url.pathname.indexOf(self.DOOR_STATIC || "/static/") === 0;
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request)
        .then(function (response) {
          // A login page after a redirect is not the door page: not kept.
          if (response.ok && !response.redirected) {
            const copy = response.clone();
            caches.open(CACHE).then(function (cache) {
              cache.put(request.url.split("#")[0], copy);
            });
          }
          return response;
        })
        .catch(function () {
          return caches.match(request.url.split("#")[0], { ignoreSearch: true }).then(function (cached) {
            return (
              cached ||
              new Response("<!doctype html><title>Offline</title><p>Offline / Senza rete</p>", {
                status: 503,
                headers: { "Content-Type": "text/html; charset=utf-8" },
              })
            );
          });
        }),
    );
    return;
  }
  if (isStatic(url)) {
    event.respondWith(
      caches.match(request).then(function (cached) {
        return (
          cached ||
          fetch(request).then(function (response) {
            if (response.ok) {
              const copy = response.clone();
              caches.open(CACHE).then(function (cache) {
                cache.put(request, copy);
              });
            }
            return response;
          })
        );
      }),
    );
  }
});
