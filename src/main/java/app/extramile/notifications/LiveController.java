package app.extramile.notifications;

import java.time.Instant;
import java.util.Locale;

import app.extramile.shared.ShopUser;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /live}: the signed-in member's in-app notifications as server-sent events
 * ({@code notification}, JSON with title and link). {@code app.js} shows them as a
 * banner. Pages connect with {@code since}, the time they were rendered (epoch
 * milliseconds), so nothing recorded between the page and its stream is missed.
 */
@Controller
class LiveController {

	private final LiveConnections live;

	LiveController(LiveConnections live) {
		this.live = live;
	}

	@GetMapping(path = "/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@ResponseBody
	SseEmitter live(@AuthenticationPrincipal ShopUser user, Locale locale,
			@RequestParam(name = "since", required = false) Long since) {
		return this.live.open(user, locale, (since != null) ? Instant.ofEpochMilli(since) : null);
	}

}
