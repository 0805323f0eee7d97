// Extra Mile counter: keeps working while the shop's line is down.
//
// Every tap gets a key made here when it is tapped. Online it goes with the tap (htmx), so a tap sent twice counts
// once. When the line is down (or hangs, or the server is restarting) the tap is kept on this tablet
// (localStorage, one entry per tap so two tabs never overwrite each other's) with its key and the moment it was
// tapped, and the counter finds customers in the names kept on the tablet. When the line is back (the 'online'
// event, or a retry every 15 s) the kept taps are sent one by one to /counter/taps with a fresh CSRF token: each is
// recorded once, at the time it was tapped. Signed out meanwhile: the taps stay kept and the page says so.
// The page itself, its styles and scripts and the names are kept by the service worker (/counter-sw.js).
(function () {
  'use strict';

  var box = document.getElementById('offline');
  if (!box) {
    return;
  }
  var PREFIX = 'extramile.counter.tap.';
  var RETRY_MS = 15000;
  var SENT_SHOWN_MS = 60000;
  var LINE_TIMEOUT_MS = 8000;
  var RESULTS = 8;
  var shop = box.getAttribute('data-shop');
  var state = document.getElementById('offline-state');
  var signIn = document.getElementById('offline-sign-in');
  var refusedBox = document.getElementById('offline-refused');
  var status = document.getElementById('status');

  var offline = !navigator.onLine;
  var signedOut = false;
  var sending = false;
  var sentJustNow = 0;
  var names = null;

  // ---- Words, from the page (messages/*.properties), with {0} and {1} filled in here.

  function say(name, first, second) {
    var text = box.getAttribute('data-' + name) || '';
    return text.split('{0}').join(first !== undefined ? String(first) : '')
      .split('{1}').join(second !== undefined ? String(second) : '');
  }

  function sayCount(name, count) {
    return count === 1 ? say(name + '-one') : say(name + '-other', count);
  }

  // 10:30, as the counter shows times (HH:mm), in the tablet's time zone.
  function timeOf(millis) {
    var at = new Date(millis);
    return ('0' + at.getHours()).slice(-2) + ':' + ('0' + at.getMinutes()).slice(-2);
  }

  // ---- The kept taps.

  function newKey() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    // Without a secure context (plain http on the shop's network) randomUUID is missing; getRandomValues is not.
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join('');
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-'
      + hex.slice(20);
  }

  function newTap(customerId, name) {
    return { key: newKey(), shop: shop, customerId: customerId, name: name, tappedAt: Date.now() };
  }

  function keep(tap) {
    localStorage.setItem(PREFIX + tap.key, JSON.stringify(tap));
  }

  function forget(tap) {
    localStorage.removeItem(PREFIX + tap.key);
  }

  function stillKept(tap) {
    return localStorage.getItem(PREFIX + tap.key) !== null;
  }

  // This shop's kept taps, oldest first. Another shop's (a tablet signed in elsewhere since) are left alone.
  function keptTaps() {
    var taps = [];
    for (var i = 0; i < localStorage.length; i++) {
      var name = localStorage.key(i);
      if (name && name.indexOf(PREFIX) === 0) {
        try {
          var tap = JSON.parse(localStorage.getItem(name));
          if (tap && tap.shop === shop) {
            taps.push(tap);
          }
        }
        catch (ignored) {
          // not one of ours
        }
      }
    }
    return taps.sort(function (a, b) {
      return a.tappedAt - b.tappedAt;
    });
  }

  function keptFor(customerId) {
    return keptTaps().filter(function (tap) {
      return tap.customerId === customerId;
    })[0];
  }

  // ---- What the page says.

  function show() {
    var waiting = keptTaps().length;
    var text = '';
    var kind = '';
    if (signedOut && waiting > 0) {
      text = sayCount('signed-out', waiting);
      kind = 'signed-out';
    }
    else if (offline) {
      text = waiting === 0 ? say('waiting-none') : sayCount('waiting', waiting);
      kind = 'offline';
    }
    else if (sending && waiting > 0) {
      text = say('sending', waiting);
      kind = 'sending';
    }
    else if (waiting > 0) {
      text = sayCount('pending', waiting);
      kind = 'offline';
    }
    else if (sentJustNow > 0) {
      text = sayCount('sent', sentJustNow);
      kind = 'sent';
    }
    if (state.textContent !== text) {
      state.textContent = text;
    }
    box.setAttribute('data-state', kind);
    document.documentElement.classList.toggle('counter-offline', offline);
    signIn.hidden = !(signedOut && waiting > 0);
  }

  function notice(text, kind) {
    status.innerHTML = '';
    var p = document.createElement('p');
    p.className = 'notice ' + (kind || '');
    p.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    p.textContent = text;
    status.appendChild(p);
  }

  function refused(tap, message) {
    var p = document.createElement('p');
    p.className = 'notice error';
    p.textContent = say('refused', tap.name, message);
    refusedBox.appendChild(p);
  }

  function goOffline() {
    if (!offline) {
      offline = true;
      sentJustNow = 0;
    }
    show();
  }

  // ---- Finding customers in the names kept on this tablet.

  function loadNames() {
    return fetch(box.getAttribute('data-names'), {
      credentials: 'same-origin', redirect: 'manual', headers: { Accept: 'application/json' }
    }).then(function (response) {
      if (!response.ok) {
        throw new Error('no names');
      }
      return response.json();
    }).then(function (list) {
      names = list;
      return names;
    });
  }

  function namesThen(work) {
    if (names) {
      work(names);
      return;
    }
    loadNames().then(work, function () {
      work(null);
    });
  }

  function matches(query, list) {
    var q = query.trim().toLowerCase();
    var starts = [];
    var contains = [];
    list.forEach(function (c) {
      var name = (c.name || '').toLowerCase();
      var knownAs = (c.knownAs || '').toLowerCase();
      if (name.indexOf(q) === 0 || knownAs.indexOf(q) === 0) {
        starts.push(c);
      }
      else if (name.indexOf(q) >= 0 || knownAs.indexOf(q) >= 0) {
        contains.push(c);
      }
    });
    var byName = function (a, b) {
      return a.name.localeCompare(b.name);
    };
    return starts.sort(byName).concat(contains.sort(byName));
  }

  function hint(text) {
    var p = document.createElement('p');
    p.className = 'hint';
    p.textContent = text;
    return p;
  }

  function results() {
    return document.getElementById('results');
  }

  function showFound(query, pickOne) {
    namesThen(function (list) {
      var area = results();
      area.innerHTML = '';
      var q = query.trim();
      if (!list) {
        area.appendChild(hint(say('no-names')));
        return;
      }
      if (q.length === 0) {
        return;
      }
      if (q.length < 2) {
        area.appendChild(hint(say('too-short')));
        return;
      }
      var found = matches(q, list).slice(0, RESULTS);
      if (found.length === 0) {
        area.appendChild(hint(say('no-match', q)));
        return;
      }
      if (pickOne) {
        area.appendChild(hint(say('pick-one')));
      }
      var ul = document.createElement('ul');
      ul.className = 'results';
      var template = document.getElementById('offline-result');
      found.forEach(function (c) {
        var li = template.content.firstElementChild.cloneNode(true);
        var form = li.querySelector('form');
        form.setAttribute('data-customer', c.id);
        form.setAttribute('data-name', c.knownAs || c.name);
        li.querySelector('.name').textContent = c.name;
        li.querySelector('.known-as').textContent = c.knownAs ? say('known-as', c.knownAs) : '';
        li.querySelector('.address').textContent = c.address || '';
        var waiting = keptFor(c.id);
        var badge = li.querySelector('.waiting');
        if (waiting) {
          badge.textContent = say('waiting-badge', timeOf(waiting.tappedAt));
          badge.hidden = false;
        }
        li.querySelector('button').setAttribute('aria-label', say('check-in-label', c.name));
        ul.appendChild(li);
      });
      area.appendChild(ul);
    });
  }

  function afterTap() {
    var search = document.getElementById('q');
    if (search) {
      search.value = '';
      search.focus();
    }
    results().innerHTML = '';
  }

  // A tap while the line is down: kept, once per customer (a second tap on someone already waiting is a double tap).
  function tapOffline(customerId, name, tap) {
    var waiting = keptFor(customerId);
    if (waiting) {
      notice(say('already-waiting', waiting.name, timeOf(waiting.tappedAt)), '');
    }
    else {
      keep(tap || newTap(customerId, name));
      notice(say('kept', name), 'waiting');
    }
    afterTap();
    show();
  }

  function scanOffline(query, tap) {
    namesThen(function (list) {
      var found = list ? matches(query, list) : [];
      if (query.trim().length >= 2 && found.length === 1) {
        var c = found[0];
        tapOffline(c.id, c.knownAs || c.name, tap ? Object.assign(tap, { customerId: c.id, name: c.knownAs || c.name })
          : null);
      }
      else {
        showFound(query, found.length > 1);
      }
    });
  }

  // The results found on the tablet are plain forms: a tap on one is kept (or sent, should the line be back).
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains('offline-tap')) {
      return;
    }
    event.preventDefault();
    var customerId = form.getAttribute('data-customer');
    var name = form.getAttribute('data-name');
    if (offline) {
      tapOffline(customerId, name);
      return;
    }
    var tap = newTap(customerId, name);
    keep(tap);
    notice(say('kept', name), 'waiting');
    afterTap();
    send();
  });

  // ---- htmx while the line is up: a key on every tap; when it fails, the tap is kept and the counter goes local.

  if (window.htmx) {
    htmx.config.timeout = LINE_TIMEOUT_MS;
  }

  function isTapForm(elt) {
    return elt && elt.tagName === 'FORM' && elt.classList.contains('tap') && !elt.classList.contains('offline-tap');
  }

  function isScan(elt) {
    return elt && elt.tagName === 'FORM' && elt.classList.contains('counter-search');
  }

  function isSearch(elt) {
    return elt && elt.id === 'q';
  }

  document.addEventListener('htmx:configRequest', function (event) {
    var elt = event.detail.elt;
    if (isTapForm(elt)) {
      var input = elt.querySelector('input[name=customerId]');
      var tap = newTap(input.value, elt.getAttribute('data-name'));
      if (offline) {
        event.preventDefault();
        tapOffline(tap.customerId, tap.name, tap);
        return;
      }
      elt.extramileTap = tap;
      event.detail.parameters.key = tap.key;
      event.detail.parameters.ageMillis = 0;
    }
    else if (isScan(elt)) {
      var scan = newTap(null, null);
      var query = document.getElementById('q').value;
      if (offline) {
        event.preventDefault();
        scanOffline(query, scan);
        return;
      }
      elt.extramileTap = scan;
      elt.extramileQuery = query;
      event.detail.parameters.key = scan.key;
      event.detail.parameters.ageMillis = 0;
    }
    else if (isSearch(elt) && offline) {
      event.preventDefault();
      showFound(elt.value, false);
    }
  });

  // No answer (line down or hanging): keep the tap, go local.
  function noAnswer(event) {
    var elt = event.detail.elt;
    goOffline();
    if (isTapForm(elt) && elt.extramileTap) {
      tapOffline(elt.extramileTap.customerId, elt.extramileTap.name, elt.extramileTap);
    }
    else if (isScan(elt) && elt.extramileTap) {
      scanOffline(elt.extramileQuery || '', elt.extramileTap);
    }
    else if (isSearch(elt)) {
      showFound(elt.value, false);
    }
  }
  document.addEventListener('htmx:sendError', noAnswer);
  document.addEventListener('htmx:timeout', noAnswer);

  // An answer, but not the visit: signed out (403: the CSRF token went with the session) or the server not ready
  // (5xx, e.g. restarting). The tap is kept with its key and sent again.
  document.addEventListener('htmx:responseError', function (event) {
    var elt = event.detail.elt;
    var code = event.detail.xhr ? event.detail.xhr.status : 0;
    if (isTapForm(elt) && elt.extramileTap && (code === 403 || code >= 500)) {
      keep(elt.extramileTap);
      notice(say('kept', elt.extramileTap.name), 'waiting');
      afterTap();
      show();
      send();
    }
  });

  document.addEventListener('htmx:afterRequest', function (event) {
    if (event.detail.successful && offline) {
      offline = false;
      send();
    }
  });

  // ---- Sending the kept taps.

  function timed(url, options) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () {
      controller.abort();
    }, LINE_TIMEOUT_MS) : null;
    if (controller) {
      options.signal = controller.signal;
    }
    return fetch(url, options).then(function (response) {
      clearTimeout(timer);
      return response;
    }, function (error) {
      clearTimeout(timer);
      throw error;
    });
  }

  // Still signed in, to this shop? A fresh CSRF token either way: the page may be older than the session.
  function session() {
    return timed(box.getAttribute('data-session'), {
      credentials: 'same-origin', redirect: 'manual', cache: 'no-store', headers: { Accept: 'application/json' }
    }).then(function (response) {
      if (!response.ok) {
        return null;
      }
      return response.json().then(function (answer) {
        return answer.shop === shop ? answer : null;
      }, function () {
        return null;
      });
    });
  }

  function freshToken(answer) {
    var meta = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    if (meta) {
      meta.setAttribute('content', answer.token);
    }
    if (header) {
      header.setAttribute('content', answer.header);
    }
  }

  // One tap: 'sent' (recorded now or before), 'refused' (told), 'signed-out', 'later' (server trouble) or a
  // thrown error (no line).
  function sendOne(tap, answer) {
    var body = new URLSearchParams();
    body.set('customerId', tap.customerId);
    body.set('key', tap.key);
    body.set('ageMillis', String(Math.max(0, Date.now() - tap.tappedAt)));
    var headers = { Accept: 'application/json' };
    headers[answer.header] = answer.token;
    return timed(box.getAttribute('data-taps'), {
      method: 'POST', credentials: 'same-origin', redirect: 'manual', cache: 'no-store', headers: headers, body: body
    }).then(function (response) {
      if (response.ok) {
        return 'sent';
      }
      if (response.status === 422) {
        return response.json().then(function (refusal) {
          refused(tap, refusal.message);
          return 'refused';
        });
      }
      if (response.type === 'opaqueredirect' || response.status === 401 || response.status === 403) {
        return 'signed-out';
      }
      return 'later';
    });
  }

  // Sent: what the tablet found while the line was down gives way to the server's own answers.
  function afterSending() {
    status.querySelectorAll('.notice.waiting').forEach(function (notice) {
      notice.remove();
    });
    var search = document.getElementById('q');
    if (results().querySelector('.offline-tap') && window.htmx && search) {
      results().innerHTML = '';
      if (search.value.trim().length > 0) {
        htmx.trigger(search, 'search');
      }
    }
  }

  function sendAll() {
    return session().then(function (answer) {
      offline = false;
      if (!answer) {
        signedOut = keptTaps().length > 0;
        return;
      }
      signedOut = false;
      freshToken(answer);
      var taps = keptTaps();
      var sent = 0;
      var next = function (i) {
        if (i >= taps.length) {
          afterSending();
          return undefined;
        }
        var tap = taps[i];
        if (!stillKept(tap)) {
          // sent by another tab meanwhile
          return next(i + 1);
        }
        return sendOne(tap, answer).then(function (outcome) {
          if (outcome === 'sent' || outcome === 'refused') {
            forget(tap);
            sent += (outcome === 'sent') ? 1 : 0;
            sentJustNow = sent;
            show();
            return next(i + 1);
          }
          if (outcome === 'signed-out') {
            signedOut = true;
            return undefined;
          }
          // The server could not take this one now: it stays kept and is tried again; the others go on.
          return next(i + 1);
        });
      };
      return next(0);
    }, function () {
      goOffline();
    });
  }

  function send() {
    if (sending) {
      return;
    }
    var waiting = keptTaps().length;
    if (waiting === 0 && !offline) {
      show();
      return;
    }
    sending = true;
    sentJustNow = 0;
    show();
    var run = function () {
      return sendAll().catch(function () {
        goOffline();
      });
    };
    // Two tabs of the counter send one after the other (the server would count each key once anyway).
    var done = (navigator.locks && navigator.locks.request) ? navigator.locks.request('extramile-counter-taps', run)
      : run();
    done.then(function () {
      sending = false;
      show();
      if (sentJustNow > 0) {
        // "All sent" stays a minute, then the counter looks as it always does.
        var shown = sentJustNow;
        setTimeout(function () {
          if (sentJustNow === shown && !sending) {
            sentJustNow = 0;
            show();
          }
        }, SENT_SHOWN_MS);
      }
    }, function () {
      sending = false;
      show();
    });
  }

  window.addEventListener('online', send);
  window.addEventListener('offline', goOffline);
  window.addEventListener('storage', function (event) {
    if (!event.key || event.key.indexOf(PREFIX) === 0) {
      show();
    }
  });
  setInterval(send, RETRY_MS);

  // ---- The service worker keeps the page, its styles and scripts and the names for the next time the line is down.

  function keepThePage() {
    if (!('serviceWorker' in navigator)) {
      return;
    }
    // Asked now: a new worker claims the page as soon as it starts, without having seen how it was loaded.
    var controlledFromTheStart = !!navigator.serviceWorker.controller;
    navigator.serviceWorker.register(box.getAttribute('data-worker'), { scope: box.getAttribute('data-scope') })
      .then(function () {
        return navigator.serviceWorker.ready;
      })
      .then(function (registration) {
        var urls = [location.origin + location.pathname, new URL(box.getAttribute('data-names'), location.href).href];
        document.querySelectorAll('link[rel~="stylesheet"], link[rel~="icon"], script[src]').forEach(function (el) {
          urls.push(new URL(el.getAttribute('href') || el.getAttribute('src'), location.href).href);
        });
        if (controlledFromTheStart) {
          // The worker saw this page's requests and kept them on the way.
          document.documentElement.setAttribute('data-counter-kept', 'true');
          return;
        }
        navigator.serviceWorker.addEventListener('message', function (event) {
          if (event.data && event.data.type === 'kept') {
            document.documentElement.setAttribute('data-counter-kept', 'true');
          }
        });
        registration.active.postMessage({ type: 'keep', urls: urls });
      })
      .catch(function () {
        // No service worker (e.g. plain http): the counter still keeps taps while this page stays open.
      });
  }

  show();
  if (!offline) {
    keepThePage();
    // The names now, so the counter can find customers should the line drop while this page is open.
    loadNames().catch(function () {
      // signed out or no line: tried again when needed
    });
  }
  send();
})();
