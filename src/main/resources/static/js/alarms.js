// Extra Mile alarm board: a loud, repeating two-tone alert while any alarm is unanswered.
// Made with the Web Audio API (no sound files). Browsers only allow sound after a tap, hence the button.
(function () {
  'use strict';

  // The board's live part is fetched when the server says something changed (server-sent events). If the
  // stream cannot be had, it is fetched every second instead.
  var live = document.getElementById('live');
  if (live && live.getAttribute('data-stream')) {
    var changed = function () {
      document.body.dispatchEvent(new Event('board-changed'));
    };
    var fallback = null;
    var pollInstead = function () {
      if (!fallback) {
        fallback = setInterval(changed, 1000);
      }
    };
    if (window.EventSource) {
      var stream = new EventSource(live.getAttribute('data-stream'));
      window.extramileAlarmStream = stream;
      window.extramileAlarmChanges = 0;
      stream.addEventListener('changed', function () {
        window.extramileAlarmChanges++;
        changed();
      });
      stream.addEventListener('hello', function () {
        if (fallback) {
          clearInterval(fallback);
          fallback = null;
        }
        changed();
      });
      stream.onerror = function () {
        if (stream.readyState === EventSource.CLOSED) {
          pollInstead();
        }
      };
    } else {
      pollInstead();
    }
  }

  var button = document.getElementById('alarm-sound');
  if (!button) {
    return;
  }
  var context = null;
  var enabled = false;

  function openAlarms() {
    var live = document.getElementById('live');
    return live ? parseInt(live.getAttribute('data-open-alarms') || '0', 10) : 0;
  }

  function tone(frequency, start, length) {
    var oscillator = context.createOscillator();
    var gain = context.createGain();
    oscillator.type = 'square';
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.25, context.currentTime + start);
    gain.gain.setValueAtTime(0, context.currentTime + start + length);
    oscillator.connect(gain);
    gain.connect(context.destination);
    oscillator.start(context.currentTime + start);
    oscillator.stop(context.currentTime + start + length);
  }

  function ring() {
    if (enabled && context && openAlarms() > 0) {
      tone(880, 0, 0.25);
      tone(660, 0.3, 0.25);
      document.body.classList.add('alarm-flash');
    } else {
      document.body.classList.remove('alarm-flash');
    }
  }

  button.addEventListener('click', function () {
    enabled = !enabled;
    if (enabled && !context) {
      context = new (window.AudioContext || window.webkitAudioContext)();
    }
    button.setAttribute('aria-pressed', enabled ? 'true' : 'false');
    button.textContent = enabled ? button.getAttribute('data-off-label') : button.getAttribute('data-on-label');
    ring();
  });
  setInterval(ring, 1000);
})();
