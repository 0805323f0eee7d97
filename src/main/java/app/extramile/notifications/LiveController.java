package app.extramile.notifications;

import java.util.Locale;

import app.extramile.shared.ShopUser;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /live}: the signed-in member's in-app notifications as server-sent events
 * ({@code notification}, JSON with title and link). {@code app.js} shows them as a
 * banner.
 */
@Controller
class LiveController {

	private final LiveConnections live;

	LiveController(LiveConnections live) {
		this.live = live;
	}

	@GetMapping(path = "/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@ResponseBody
	SseEmitter live(@AuthenticationPrincipal ShopUser user, Locale locale) {
		return this.live.open(user, locale);
	}

}
