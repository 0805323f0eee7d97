// Extra Mile Today: the counts and sections are fetched again (htmx, 'today-changed') when something changes.
// Owners and staff: the alarm board's stream says when an alarm comes in or moves. Everyone: an in-app
// notification (the layout's /live stream) means something was offered or changed. Every 60 s regardless.
(function () {
  'use strict';

  var changed = function () {
    document.body.dispatchEvent(new Event('today-changed'));
  };
  document.body.addEventListener('live-notification', changed);

  // A signed-out session answers the fetch with the sign-in page: never put that inside Today; load it whole.
  document.body.addEventListener('htmx:beforeSwap', function (event) {
    var target = event.detail.target;
    var xhr = event.detail.xhr;
    if (target && target.id === 'today-live' && xhr && xhr.responseURL && xhr.responseURL.indexOf('/today/live') < 0) {
      event.detail.shouldSwap = false;
      window.location.reload();
    }
  });

  var live = document.getElementById('today-live');
  var url = live ? live.getAttribute('data-stream') : null;
  if (!url || !window.EventSource) {
    return;
  }
  var stream = new EventSource(url);
  window.extramileTodayStream = stream;
  var connected = false;
  stream.addEventListener('hello', function () {
    // The first hello is the page we already have; a later one follows a reconnect: catch up.
    if (connected) {
      changed();
    }
    connected = true;
  });
  stream.addEventListener('changed', changed);
  window.addEventListener('pagehide', function () {
    stream.close();
  });
})();
