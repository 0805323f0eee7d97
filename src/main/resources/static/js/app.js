// Extra Mile: small behaviours on top of htmx. Pages work without JavaScript too.
(function () {
  'use strict';

  // Spring Security wants the CSRF token on every htmx write.
  document.addEventListener('htmx:configRequest', function (event) {
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    if (token && header) {
      event.detail.headers[header.content] = token.content;
    }
  });

  // Counter: after a check-in, clear the search for the next customer and count the undo down.
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
  });
})();
