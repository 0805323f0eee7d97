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

  // The navigation's groups: one open at a time; Escape or a click elsewhere closes it.
  function closeGroups(except) {
    document.querySelectorAll('.nav-group[aria-expanded="true"]').forEach(function (group) {
      if (group !== except) {
        group.setAttribute('aria-expanded', 'false');
      }
    });
  }
  document.addEventListener('click', function (event) {
    var group = event.target.closest ? event.target.closest('.nav-group') : null;
    if (group) {
      closeGroups(group);
      group.setAttribute('aria-expanded', group.getAttribute('aria-expanded') === 'true' ? 'false' : 'true');
    }
    else if (!(event.target.closest && event.target.closest('.nav-sub'))) {
      closeGroups(null);
    }
  });
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape') {
      return;
    }
    var open = document.querySelector('.nav-group[aria-expanded="true"]');
    if (open) {
      open.setAttribute('aria-expanded', 'false');
      open.focus();
    }
  });

  // A file larger than the server accepts (data-max-bytes) is refused by its field before it is sent: the server
  // would refuse it only after the whole upload, with a bare error page.
  document.addEventListener('submit', function (event) {
    var inputs = event.target.querySelectorAll ? event.target.querySelectorAll('input[type=file][data-max-bytes]') : [];
    inputs.forEach(function (input) {
      var file = input.files && input.files[0];
      if (!file || file.size <= Number(input.getAttribute('data-max-bytes'))) {
        return;
      }
      event.preventDefault();
      var error = document.getElementById(input.id + '-error');
      if (!error) {
        error = document.createElement('p');
        error.className = 'error';
        error.id = input.id + '-error';
        error.setAttribute('role', 'alert');
        input.parentNode.insertBefore(error, input);
      }
      error.textContent = input.getAttribute('data-too-large');
      input.closest('.field').classList.add('has-error');
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', error.id + ' ' + input.id + '-hint');
      input.focus();
    });
  });

  // A table that scrolls sideways (phones) can take the focus, so it can be scrolled with the keys.
  function focusableScrollers() {
    document.querySelectorAll('main table, .scroll-x, .scroll').forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1 && !box.hasAttribute('tabindex')) {
        box.setAttribute('tabindex', '0');
      }
    });
  }
  document.addEventListener('DOMContentLoaded', focusableScrollers);
  window.addEventListener('resize', focusableScrollers);
  document.addEventListener('htmx:afterSettle', focusableScrollers);

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

  // Signed out (the sign-in page, or after signing out): the counter's kept page and names go from this browser. Taps
  // kept through a dropped line stay (js/counter.js): they are sent once someone of the shop signs in again.
  if (document.body && document.body.hasAttribute('data-signed-out') && window.caches) {
    caches.delete('extramile-counter').catch(function () {});
  }

  // In-app notifications: the server pushes them over server-sent events (GET /live); the page's notices
  // (#notices, kept until dealt with) and live parts (Today) fetch themselves again when one arrives.
  // EventSource reconnects by itself.
  document.addEventListener('DOMContentLoaded', function () {
    var url = document.body.getAttribute('data-live');
    if (!url || !window.EventSource) {
      return;
    }
    var source = new EventSource(url);
    source.addEventListener('notification', function (event) {
      document.body.dispatchEvent(new Event('live-notification'));
    });
  });
})();
