// Extra Mile: the counter's service worker. It keeps the counter page, its styles and scripts, and the names the
// counter shows, so that the counter opens and finds customers while the shop's line is down. Its scope is the
// counter alone (/counter...); it is served from the top (/counter-sw.js) only so that the scope may cover it.
// The taps themselves are kept by the page (js/counter.js), not here.
'use strict';

var CACHE = 'extramile-counter';

// A line that is down often hangs rather than fails: after this long, what is kept is shown instead.
var WAIT_FOR_THE_LINE_MS = 5000;

var scope = new URL(self.registration.scope);
var base = new URL('./', scope).pathname;

function isCounterPage(url) {
  return url.pathname === scope.pathname;
}

// What the counter page needs, and nothing else: its styles, scripts, images and the names list.
function isKept(url) {
  return url.pathname === scope.pathname + '/customers'
    || ['css/', 'js/', 'webjars/', 'img/'].some(function (folder) {
      return url.pathname.indexOf(base + folder) === 0;
    });
}

// Only a whole answer from the app itself: never a redirect (to the sign-in page) nor an error.
function storable(response) {
  return response && response.ok && response.type === 'basic' && !response.redirected;
}

self.addEventListener('install', function () {
  self.skipWaiting();
});

self.addEventListener('activate', function (event) {
  event.waitUntil(self.clients.claim());
});

// On its first visit the page was fetched before this worker ran: the page names what to keep.
self.addEventListener('message', function (event) {
  var data = event.data || {};
  if (data.type !== 'keep' || !Array.isArray(data.urls)) {
    return;
  }
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(data.urls.map(function (address) {
      var url = new URL(address, scope);
      if (url.origin !== scope.origin || !(isCounterPage(url) || isKept(url))) {
        return undefined;
      }
      return fetch(url.href, { credentials: 'same-origin', cache: 'no-store' }).then(function (response) {
        return storable(response) ? cache.put(url.href, response) : undefined;
      }, function () {
        return undefined;
      });
    }));
  }).then(function () {
    if (event.source) {
      event.source.postMessage({ type: 'kept' });
    }
  }));
});

// The line first; what is kept when the line fails or hangs. Whatever comes from the line is kept for next time.
function lineFirst(request, keep, options) {
  return caches.open(CACHE).then(function (cache) {
    var fromLine = fetch(request).then(function (response) {
      if (keep && storable(response)) {
        cache.put(request, response.clone());
      }
      return response;
    });
    var hanging = new Promise(function (resolve, reject) {
      setTimeout(function () {
        reject(new Error('the line hangs'));
      }, WAIT_FOR_THE_LINE_MS);
    });
    return Promise.race([fromLine, hanging]).catch(function () {
      return cache.match(request, options).then(function (kept) {
        return kept || fromLine;
      });
    });
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') {
    return;
  }
  var url = new URL(request.url);
  if (url.origin !== scope.origin) {
    return;
  }
  if (request.mode === 'navigate') {
    if (isCounterPage(url)) {
      // The plain page is kept; offline, a search typed into the address (?q=) gets the plain page too.
      event.respondWith(lineFirst(request, url.search === '', { ignoreSearch: true, ignoreVary: true }));
    }
    return;
  }
  if (isKept(url)) {
    event.respondWith(lineFirst(request, true, { ignoreVary: true }));
  }
});
