// Extra Mile Today: the counts and sections are fetched again (htmx, 'today-changed') when something changes.
// Owners and staff: the alarm board's stream says when an alarm comes in or moves. Everyone: an in-app
// notification (the layout's /live stream) means something was offered or changed. Every 60 s regardless.
(function () {
  'use strict';

  var changed = function () {
    document.body.dispatchEvent(new Event('today-changed'));
  };
  document.body.addEventListener('live-notification', changed);

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
