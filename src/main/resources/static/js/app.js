// Extra Mile: small behaviours on top of htmx. Pages work without JavaScript too.
(function () {
  'use strict';

  document.documentElement.classList.add('js');

  // Phones: the Menu button folds the navigation away and back.
  document.addEventListener('click', function (event) {
    var toggle = event.target.closest ? event.target.closest('.menu-toggle') : null;
    if (!toggle) {
      return;
    }
    var nav = document.getElementById(toggle.getAttribute('aria-controls'));
    var open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (nav) {
      nav.classList.toggle('open', open);
    }
  });

  // Spring Security wants the CSRF token on every htmx write.
  document.addEventListener('htmx:configRequest', function (event) {
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    if (token && header) {
      event.detail.headers[header.content] = token.content;
    }
  });

  // An undo button counts its seconds down, then goes (the counter's "in today", Who's missing's "seen").
  function countDown(recorded) {
    var left = parseInt(recorded.getAttribute('data-undo-seconds'), 10);
    var countdown = recorded.querySelector('.countdown');
    var undo = recorded.querySelector('.undo');
    var tick = function () {
      if (!document.body.contains(recorded)) {
        return;
      }
      if (left <= 0) {
        if (undo) {
          undo.disabled = true;
          undo.hidden = true;
        }
        if (countdown) {
          countdown.textContent = '';
        }
        return;
      }
      if (countdown) {
        countdown.textContent = left + 's';
      }
      left -= 1;
      window.setTimeout(tick, 1000);
    };
    tick();
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-undo-seconds]').forEach(countDown);
  });

  // Counter: after a check-in, clear the search for the next customer and count the undo down; after an undo,
  // back to the search for the next name.
  document.addEventListener('htmx:afterSwap', function (event) {
    var target = event.detail.target;
    if (!target || target.id !== 'status') {
      return;
    }
    var recorded = target.querySelector('[data-undo-seconds]');
    var search = document.getElementById('q');
    var results = document.getElementById('results');
    if (recorded) {
      if (search) {
        search.value = '';
        search.focus();
      }
      if (results) {
        results.innerHTML = '';
      }
      countDown(recorded);
    }
    else if (search && target.querySelector('.undone')) {
      search.focus();
    }
  });

  // In-app notifications: the server pushes them over server-sent events (GET /live) and we show a banner.
  // EventSource reconnects by itself; the server sends what was recorded meanwhile.
  function showNotification(data) {
    var main = document.getElementById('main') || document.body;
    var banner = document.createElement('div');
    banner.className = 'notice live-banner';
    banner.setAttribute('role', 'status');
    var title = document.createElement('p');
    title.textContent = data.title;
    var open = document.createElement('a');
    open.href = data.link;
    open.className = 'button';
    open.textContent = data.open;
    var dismiss = document.createElement('button');
    dismiss.type = 'button';
    dismiss.className = 'link';
    dismiss.textContent = data.dismiss;
    dismiss.addEventListener('click', function () {
      banner.remove();
    });
    banner.appendChild(title);
    banner.appendChild(open);
    banner.appendChild(document.createTextNode(' '));
    banner.appendChild(dismiss);
    main.insertBefore(banner, main.firstChild);
  }

  document.addEventListener('DOMContentLoaded', function () {
    var url = document.body.getAttribute('data-live');
    if (!url || !window.EventSource) {
      return;
    }
    var source = new EventSource(url);
    source.addEventListener('notification', function (event) {
      // Pages with live parts (Today) fetch them again when something arrives.
      document.body.dispatchEvent(new Event('live-notification'));
      try {
        showNotification(JSON.parse(event.data));
      } catch (ignored) {
        // a malformed event is not worth breaking the page for
      }
    });
  });
})();
